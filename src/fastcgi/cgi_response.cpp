#include "runtime/fastcgi/cgi_response.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace runtime::fastcgi {
namespace {

bool is_token_char(char c) {
    static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kSpecials.find(c) != std::string_view::npos;
}

// CR and LF would start a new header line (response splitting); NUL truncates in C consumers.
bool has_line_break_or_nul(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<Error> check_header(const CgiHeader& header) {
    const auto& [name, value] = header;
    if (name.empty() || !std::ranges::all_of(name, is_token_char)) {
        return Error{"invalid CGI header name \"" + name + "\""};
    }
    if (equals_ignoring_case(name, "Status")) {
        return Error{"a Status header is not allowed: the status line comes from the status code"};
    }
    if (has_line_break_or_nul(value)) return Error{"CR, LF or NUL in the value of CGI header " + name};
    return std::nullopt;
}

}  // namespace

Result<std::string> cgi_response_head(int status, std::string_view reason, const std::vector<CgiHeader>& headers) {
    if (status < 100 || status > 999) return Error{"invalid HTTP status " + std::to_string(status)};
    if (has_line_break_or_nul(reason)) return Error{"CR, LF or NUL in the reason phrase"};

    std::string head = "Status: " + std::to_string(status);
    if (!reason.empty()) head.append(" ").append(reason);
    head.append("\r\n");
    for (const auto& header : headers) {
        if (auto error = check_header(header)) return *error;
        head.append(header.first).append(": ").append(header.second).append("\r\n");
    }
    head.append("\r\n");
    return head;
}

namespace {

// Hop-by-hop headers belong to the web server's side of its connection; "Status" is the status line.
bool is_dropped_header(std::string_view name) {
    constexpr std::string_view kDropped[] = {"Status", "Connection", "Keep-Alive", "Transfer-Encoding"};
    return std::ranges::any_of(kDropped, [&](std::string_view dropped) { return equals_ignoring_case(name, dropped); });
}

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

}  // namespace

Result<std::string> php_response_head(int status, std::string_view reason, const std::vector<CgiHeader>& headers,
                                      std::optional<std::size_t> complete_length) {
    std::vector<CgiHeader> kept;
    kept.reserve(headers.size() + 1);
    for (const auto& header : headers) {
        if (is_dropped_header(header.first)) continue;
        // A known length replaces the application's; a streamed body keeps what PHP said.
        if (complete_length && equals_ignoring_case(header.first, "Content-Length")) continue;
        kept.push_back(header);
    }
    if (complete_length && !body_forbidden(status))
        kept.emplace_back("Content-Length", std::to_string(*complete_length));
    return cgi_response_head(status, reason, kept);
}

}  // namespace runtime::fastcgi
