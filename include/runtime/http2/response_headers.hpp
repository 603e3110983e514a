#pragma once
// The header block of an HTTP/2 response from the application's status and headers: names
// lower-cased (RFC 9113 8.2.1), connection-specific fields dropped (8.2.2), Content-Length
// ours when we know it. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/common/result.hpp"
#include "runtime/http/request_parser.hpp"

namespace runtime::http2 {

struct ResponseSpec {
    int status = 200;
    std::vector<http::Header> headers;  // from the application, any case
    // Set when the length is known (for HEAD: the length GET would have); unset keeps the
    // application's Content-Length.
    std::optional<std::uint64_t> content_length;
};

// ":status" first, then the fields. Fails on a status outside 100..999, or a name or value
// HTTP/2 cannot carry (empty name, non-token bytes, CR/LF/NUL in a value).
Result<std::vector<http::Header>> response_header_block(const ResponseSpec& spec);

}  // namespace runtime::http2
