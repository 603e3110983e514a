#pragma once
// Small, allocation-free helpers for HTTP field names and values (RFC 9110 section 5).
#include <string_view>

namespace runtime::http::text {

// ASCII case-insensitive equality: field names and many field values are case-insensitive.
bool iequals(std::string_view a, std::string_view b) noexcept;

// Strips optional whitespace (SP / HTAB) from both ends.
std::string_view trim_ows(std::string_view value) noexcept;

// token = 1*tchar: valid field names and methods.
bool is_token(std::string_view value) noexcept;

// A value we are willing to put on the wire: no CR, LF or NUL (they would split or truncate the head).
bool is_safe_field_value(std::string_view value) noexcept;

// 1*DIGIT, as in Content-Length.
bool is_decimal(std::string_view value) noexcept;

}  // namespace runtime::http::text
