#include "runtime/tls/sni.hpp"

#include <algorithm>
#include <cctype>

namespace runtime::tls {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_wildcard(std::string_view pattern) { return pattern.starts_with("*."); }

}  // namespace

bool name_matches(std::string_view pattern, std::string_view host) {
    if (host.ends_with('.')) host.remove_suffix(1);  // absolute form "example.com."
    if (host.empty()) return false;
    if (!is_wildcard(pattern)) return equal_ignoring_case(pattern, host);
    const auto dot = host.find('.');
    if (dot == 0 || dot == std::string_view::npos) return false;
    return equal_ignoring_case(pattern.substr(1), host.substr(dot));
}

std::size_t pick_certificate(const std::vector<std::vector<std::string>>& names_per_certificate,
                             std::string_view server_name) {
    if (server_name.empty()) return 0;
    for (const bool wildcard : {false, true}) {
        for (std::size_t i = 0; i < names_per_certificate.size(); ++i) {
            for (const auto& name : names_per_certificate[i]) {
                if (is_wildcard(name) == wildcard && name_matches(name, server_name)) return i;
            }
        }
    }
    return 0;
}

}  // namespace runtime::tls
