#pragma once
// Which certificate answers a TLS ClientHello's server name (SNI). Pure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace runtime::tls {

// RFC 6125 6.4: case-insensitive; "*.example.com" matches exactly one left-most label
// ("a.example.com", not "example.com" nor "a.b.example.com").
bool name_matches(std::string_view pattern, std::string_view host);

// Index of the first certificate with an exact name for `server_name`, else the first with a
// matching wildcard, else 0 (the default certificate; also without SNI).
std::size_t pick_certificate(const std::vector<std::vector<std::string>>& names_per_certificate,
                             std::string_view server_name);

}  // namespace runtime::tls
