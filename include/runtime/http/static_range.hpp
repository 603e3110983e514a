#pragma once
// Range requests for static files (RFC 9110 14): one byte range is honoured; anything else is
// answered with the whole file, which the RFC allows. Pure.
#include <cstdint>
#include <string_view>

namespace runtime::http {

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t length = 0;  // > 0
};

struct RangeDecision {
    enum Kind {
        full,           // no usable Range header: 200 with the whole file
        partial,        // 206 with `range`
        unsatisfiable,  // 416 with Content-Range: bytes */size
    } kind = full;
    ByteRange range;
};

// `header` is the Range field value; `size` the file size.
RangeDecision evaluate_range(std::string_view header, std::uint64_t size);

}  // namespace runtime::http
