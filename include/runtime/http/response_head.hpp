#pragma once
// Serializes an HTTP/1.1 response head and chunked framing. Pure.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/result.hpp"
#include "runtime/http/request_parser.hpp"

namespace runtime::http {

// Standard reason phrase ("Not Found"); "Unknown" for unregistered codes.
std::string_view reason_phrase(int status);

enum class BodyFraming {
    content_length,   // Content-Length: n (given in ResponseHeadSpec::content_length)
    chunked,          // Transfer-Encoding: chunked (HTTP/1.1 only)
    close_delimited,  // body ends when the connection closes (HTTP/1.0 streaming)
    none,             // no body allowed: HEAD, 1xx, 204, 304
};

struct ResponseHeadSpec {
    int status = 200;
    int version_minor = 1;                    // answer HTTP/1.0 clients with 1.0
    std::vector<Header> headers;              // from the application; framing headers are dropped and rewritten
    BodyFraming framing = BodyFraming::content_length;
    std::uint64_t content_length = 0;
    bool keep_alive = true;
    bool is_head_request = false;             // keep the app's Content-Length, send no body
};

// Fails if a header name or value contains CR, LF, NUL or (for names) any non-token character:
// such headers are never written to the wire.
Result<std::string> serialize_response_head(const ResponseHeadSpec& spec);

// Chunk framing: chunk_prefix(data.size()) + data + chunk_suffix, and last_chunk at the end.
// Never write an empty chunk: "0\r\n" would end the body.
std::string chunk_prefix(std::size_t size);
inline constexpr std::string_view chunk_suffix = "\r\n";
inline constexpr std::string_view last_chunk = "0\r\n\r\n";

// IMF-fixdate for a Date header (RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::time_t time);

// A complete small response (errors from the server itself: 400, 413, 502, 503, 504 ...).
// HTTP/1.1, Content-Type text/plain; charset=utf-8 (unless extra_headers has one) and
// Content-Length. An empty body becomes "<status> <reason>\n"; 1xx/204/304 get no body.
// Invalid extra headers are dropped and an out-of-range status becomes 500, so it never fails.
std::string simple_response(int status, bool keep_alive, std::string_view body = {},
                            std::vector<Header> extra_headers = {});

}  // namespace runtime::http
