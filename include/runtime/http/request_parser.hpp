#pragma once
// Incremental HTTP/1.1 request parser over llhttp (strict mode). Pure: no sockets, no Asio.
// The caller feeds bytes and gets one event per call, so it can act (dispatch, stream body,
// answer) between events; pipelined requests come out one at a time, in order.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runtime::http {

struct Header {
    std::string name;   // as received (case preserved)
    std::string value;  // leading/trailing whitespace trimmed
};

struct ParserLimits {
    std::size_t max_request_line = 8192;      // method + target + version; beyond -> 414
    std::size_t max_header_bytes = 32768;     // all header lines together; beyond -> 431
    std::size_t max_header_count = 100;       // beyond -> 431
    std::uint64_t max_body_bytes = 0;         // 0 = unlimited; beyond -> 413 (checked on Content-Length and while chunked)
};

struct RequestHead {
    std::string method;                       // "GET"
    std::string target;                       // "/path?query" as received
    int version_major = 1;
    int version_minor = 1;
    std::vector<Header> headers;
    bool keep_alive = true;                   // llhttp_should_keep_alive after headers
    bool chunked = false;                     // Transfer-Encoding: chunked
    std::optional<std::uint64_t> content_length;
    bool expect_continue = false;             // Expect: 100-continue
    bool has_body() const { return chunked || (content_length && *content_length > 0); }
    // First header with this name (case-insensitive), if any.
    std::optional<std::string_view> find(std::string_view name) const;
};

struct ParseError {
    int status = 400;                         // 400, 413, 414, 431, 501 ...
    std::string reason;                       // short human-readable cause for logs
};

class RequestParser {
public:
    enum class EventKind {
        need_more,         // all input consumed, no event: read more bytes
        head,              // request head complete: head() is valid until the next request starts
        body,              // body bytes available in Event::body (a view into the caller's input)
        message_complete,  // request fully received; the next feed() starts the next request
        error,             // error() says why; the connection must be answered and closed
    };
    struct Event {
        EventKind kind = EventKind::need_more;
        std::size_t consumed = 0;             // bytes of the input this call used
        std::string_view body;                // for EventKind::body
    };

    explicit RequestParser(ParserLimits limits = {});
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    // Parses from the start of input until one event happens. Bytes not consumed must be fed
    // again (with more appended) on the next call. After any event other than need_more, call
    // feed() again (even with empty input) before reading from the peer: e.g. message_complete
    // may follow the last body bytes without any further input.
    Event feed(std::string_view input);
    // Tells the parser the peer closed the connection (EOF); returns error if a request was cut short.
    Event finish();

    const RequestHead& head() const;
    const ParseError& error() const;
    // True between head and message_complete.
    bool in_message() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace runtime::http
