#pragma once
// Turns the fields of one HTTP/2 request (pseudo-headers and headers, as nghttp2 decoded and
// validated them) into the same RequestHead the HTTP/1.1 parser produces, so routing, CGI
// mapping and the worker exchange see no difference. Pure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/http/request_parser.hpp"

namespace runtime::http2 {

// Limits shared with the HTTP/1.1 parser (http.max_request_line, max_header_size, max_header_count).
struct HeadLimits {
    std::size_t max_request_line = 8192;   // method + :path; beyond -> 414
    std::size_t max_header_bytes = 32768;  // names + values of all fields; beyond -> 431
    std::size_t max_header_count = 100;    // beyond -> 431
};

// Collects one request's fields as they are decoded; refuses past the limits without
// storing more (the HPACK state must still be decoded by nghttp2, but nothing is kept).
class RequestFields {
public:
    explicit RequestFields(HeadLimits limits) : limits_(limits) {}

    void add(std::string_view name, std::string_view value);
    // Decoded bytes so far (names + values), including fields refused for size.
    std::size_t decoded_bytes() const { return decoded_bytes_; }
    // 0 when the request may be served, else the status that answers it (400, 414, 431).
    int refusal() const;
    // The request as the HTTP/1.1 parser would present it (version 2.0, Host from :authority).
    http::RequestHead head() const;

private:
    HeadLimits limits_;
    std::string method_, scheme_, authority_, path_;
    std::vector<http::Header> headers_;
    std::size_t decoded_bytes_ = 0;
    bool too_large_ = false;
    bool bad_content_length_ = false;
};

}  // namespace runtime::http2
