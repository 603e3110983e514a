#pragma once
// Decides the answer for a static file from facts about the request and the file: status,
// headers and which bytes to send. Pure; src/net opens the file and sends the bytes.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>
#include <vector>

#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_conditions.hpp"
#include "runtime/http/static_encoding.hpp"

namespace runtime::http {

struct StaticRequestFacts {
    bool is_head = false;
    ConditionalHeaders conditions;
    std::optional<std::string_view> range;
    std::optional<std::string_view> if_range;

    // Reads the relevant fields from a parsed request head (views into it).
    static StaticRequestFacts from(const RequestHead& head);
};

struct StaticFileFacts {
    std::uint64_t size = 0;                 // of the representation sent (the sibling, if any)
    std::time_t mtime = 0;
    std::string_view mime_type;             // of the original file
    ContentCoding coding = ContentCoding::identity;
    bool vary_on_encoding = false;          // a precompressed sibling exists
};

struct StaticPlan {
    int status = 200;                       // 200, 206, 304, 412 or 416
    std::vector<Header> headers;            // without Content-Length (the serializer adds it)
    std::uint64_t content_length = 0;       // the length the head announces
    std::uint64_t body_offset = 0;          // bytes of the file to send, if send_body
    std::uint64_t body_length = 0;
    bool send_body = false;
};

StaticPlan plan_static_response(const StaticRequestFacts& request, const StaticFileFacts& file);

}  // namespace runtime::http
