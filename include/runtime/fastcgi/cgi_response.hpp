#pragma once
// The CGI response head an application writes first on STDOUT (RFC 3875 section 6). Pure.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/common/result.hpp"

namespace runtime::fastcgi {

using CgiHeader = std::pair<std::string, std::string>;

// "Status: 404 Not Found\r\nContent-Type: text/html\r\n\r\n". `reason` may be empty: nginx
// then supplies the standard phrase ("Status: 404"). Fails on a status outside 100..999, a
// header name that is empty or not an HTTP token, CR/LF/NUL in a name, value or reason, and
// a "Status" header in `headers` (the status line comes from `status` alone).
Result<std::string> cgi_response_head(int status, std::string_view reason, const std::vector<CgiHeader>& headers);

// The head of a PHP response as php-fpm gives it to nginx: hop-by-hop headers and PHP's own
// "Status" header left out, and for a body whose length is known (`complete_length`) that
// length as Content-Length (never on 1xx, 204 or 304). Fails as cgi_response_head does.
Result<std::string> php_response_head(int status, std::string_view reason, const std::vector<CgiHeader>& headers,
                                      std::optional<std::size_t> complete_length);

}  // namespace runtime::fastcgi
