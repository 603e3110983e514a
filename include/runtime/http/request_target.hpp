#pragma once
// The forms of a request line's target and method (RFC 9112 3.2, RFC 9110 5.6.2). Pure.
#include <optional>
#include <string>
#include <string_view>

namespace runtime::http {

// "http://host:port/path?q" split into its authority (userinfo dropped) and its origin form.
struct AbsoluteTarget {
    std::string authority;    // "host:port", what Host would carry
    std::string origin_form;  // "/path?q"; "/" when the URI has no path
};

// std::nullopt when `target` is not in absolute-form with an http or https scheme.
std::optional<AbsoluteTarget> split_absolute_form(std::string_view target);

// RFC 9110 5.6.2: every byte is a tchar and there is at least one.
bool is_token(std::string_view text);

// llhttp refused the method of the request line starting `line_start`: 501 when it is a
// well-formed method token this server does not implement, 400 when it is not a request line
// at all (a byte outside tchar, a TLS ClientHello, binary garbage).
int status_for_unrecognized_method(std::string_view line_start);

}  // namespace runtime::http
