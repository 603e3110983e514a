#pragma once
// Where a plain-HTTP request is sent on the HTTPS listener (301, like nginx's
// `return 301 https://$host$request_uri`). Pure.
#include <cstdint>
#include <string>
#include <string_view>

namespace runtime::http {

// `host_header`: the request's Host (its port is dropped), or empty; `fallback_host`: the
// address the client connected to, used when Host is missing or not a plain host name, so
// the Location header never carries what the client made up. The port is omitted when 443.
std::string https_location(std::string_view host_header, std::string_view target, std::string_view fallback_host,
                           std::uint16_t https_port);

}  // namespace runtime::http
