#include "runtime/http/request_target.hpp"

#include "header_text.hpp"

namespace runtime::http {
namespace {

bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_tchar(c)) return false;
    }
    return true;
}

std::optional<AbsoluteTarget> split_absolute_form(std::string_view target) {
    std::size_t scheme_end = 0;
    if (text::iequals(target.substr(0, 7), "http://")) {
        scheme_end = 7;
    } else if (text::iequals(target.substr(0, 8), "https://")) {
        scheme_end = 8;
    } else {
        return std::nullopt;
    }
    const std::string_view rest = target.substr(scheme_end);
    const std::size_t authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    // RFC 9110 4.2.4: userinfo is deprecated and never part of the host.
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (authority.empty()) return std::nullopt;
    const std::string_view after =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    std::string origin_form;
    origin_form.reserve(after.size() + 1);
    if (after.empty() || after.front() != '/') origin_form.push_back('/');
    origin_form.append(after);
    return AbsoluteTarget{std::string(authority), std::move(origin_form)};
}

int status_for_unrecognized_method(std::string_view line_start) {
    // llhttp skips empty lines before a request line (RFC 9112 2.2); so do we.
    while (!line_start.empty() && (line_start.front() == '\r' || line_start.front() == '\n')) {
        line_start.remove_prefix(1);
    }
    const std::size_t space = line_start.find(' ');
    const std::string_view method = line_start.substr(0, space);
    if (!is_token(method)) return 400;
    // A token cut short by the end of what arrived still reads as an unknown method.
    return 501;
}

}  // namespace runtime::http
