#include "runtime/http/https_redirect.hpp"

#include "runtime/http/request_target.hpp"

namespace runtime::http {
namespace {

// Letters, digits, '-', '.' (names, IPv4), or a bracketed IPv6 literal.
bool is_plain_host(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    if (host.front() == '[') {
        return host.size() > 2 && host.back() == ']' &&
               host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
    }
    return host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") ==
           std::string_view::npos;
}

// "example.com:80" -> "example.com", "[::1]:80" -> "[::1]".
std::string_view without_port(std::string_view authority) {
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        return close == std::string_view::npos ? authority : authority.substr(0, close + 1);
    }
    return authority.substr(0, authority.find(':'));
}

}  // namespace

std::string https_location(std::string_view host_header, std::string_view target, std::string_view fallback_host,
                           std::uint16_t https_port) {
    std::string path = "/";
    std::string_view host = without_port(host_header);
    // Outlives the branch: `host` may point into its authority.
    const auto absolute = split_absolute_form(target);
    if (absolute) {
        path = absolute->origin_form;
        host = without_port(absolute->authority);
    } else if (target.starts_with('/')) {
        path = std::string(target);
    }
    std::string location = "https://";
    if (is_plain_host(host)) {
        location += host;
    } else if (fallback_host.find(':') != std::string_view::npos) {
        location.append("[").append(fallback_host).append("]");
    } else {
        location += fallback_host;
    }
    if (https_port != 443) location += ":" + std::to_string(https_port);
    // Bytes a client may not send in a target must not reach the header either.
    for (const char c : path) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return location + "/";
    }
    return location + path;
}

}  // namespace runtime::http
