#pragma once
// 103 Early Hints (RFC 8297) for HTTP/1.1 clients. Pure.
#include <string>
#include <utility>
#include <vector>

#include "runtime/common/result.hpp"

namespace runtime::http {

// "HTTP/1.1 103 Early Hints" and the fields (usually Link), ready for the wire. Fails on an
// empty list, a name that is not a token or a value with CR, LF or NUL.
Result<std::string> serialize_early_hints(const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace runtime::http
