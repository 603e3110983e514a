#pragma once
// Internal state of RequestParser, shared by its translation units:
// request_parser.cpp (feeding, events), request_callbacks.cpp (llhttp callbacks),
// request_checks.cpp (limits and smuggling checks).
#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/http/request_parser.hpp"

namespace runtime::http {

struct RequestParser::Impl {
    // Bytes of a header line that the name/value spans do not carry: ": " and CRLF.
    static constexpr std::size_t kHeaderLineOverhead = 4;
    // Bytes of the request line that the method/target spans do not carry: " ", " HTTP/1.1", CRLF.
    static constexpr std::size_t kRequestLineOverhead = 12;
    // Chunk extensions are never stored, but a peer must not stream them forever.
    static constexpr std::size_t kMaxChunkExtensionBytes = 16384;

    enum class Phase {
        idle,          // before the first byte of a request
        request_line,  // method, target, version
        headers,
        body,          // head delivered; body (if any) follows
        trailers,      // chunked trailer section: parsed and discarded
        complete,      // message_complete delivered; the next feed() starts a new request
        failed,        // error() is set; every further call repeats it
    };

    explicit Impl(ParserLimits parser_limits) : limits(parser_limits) {
        llhttp_init(&parser, HTTP_REQUEST, &settings());
        parser.data = this;
    }

    Event feed(std::string_view input);
    Event finish();

    ParserLimits limits;
    llhttp_t parser{};
    RequestHead head;
    ParseError error;
    Phase phase = Phase::idle;

    // The event a callback asked for by pausing the parser.
    EventKind pending = EventKind::need_more;
    std::string_view pending_body;

    // Header field being assembled: its spans may arrive over several feed() calls.
    std::string field_name;
    std::string field_value;

    std::size_t request_line_bytes = 0;
    std::size_t header_bytes = 0;     // head, then reset for the trailer section
    std::size_t header_count = 0;     // head, then reset for the trailer section
    std::size_t raw_head_bytes = 0;   // everything consumed while in the head, whitespace included
    std::uint64_t chunked_body_bytes = 0;
    std::size_t chunk_extension_bytes = 0;
    int host_headers = 0;
    bool unsupported_coding = false;  // a transfer coding other than chunked (gzip, deflate, ...)
    bool head_ends_with_lf = false;   // last head byte of the previous feed() was LF
    // The first bytes of the request line, to tell an unknown method (501) from bytes that are
    // no request line at all (400) when llhttp refuses the method.
    static constexpr std::size_t kMethodProbeBytes = 64;
    std::string method_probe;

private:
    static const llhttp_settings_t& settings();
    static Impl& of(llhttp_t* p) { return *static_cast<Impl*>(p->data); }

    void start_message();
    int fail(int status, std::string reason);
    bool in_head() const { return phase == Phase::request_line || phase == Phase::headers; }
    int add_request_line_bytes(std::size_t length);
    int add_header_bytes(std::size_t length);
    int add_field_span(std::string& part, const char* at, std::size_t length);
    bool head_pending() const { return phase == Phase::idle || in_head(); }
    // Offset of the first byte that starts a folded header line, if `bytes` (the head) has one.
    std::optional<std::size_t> find_obs_fold(std::string_view bytes) const;
    int check_raw_head(std::string_view bytes);
    void note_transfer_codings(std::string_view value);
    void store_header();
    int validate_head();
    int normalize_target();
    void note_request_start(std::string_view input);

    static int on_message_begin(llhttp_t* p);
    static int on_method(llhttp_t* p, const char* at, std::size_t length);
    static int on_url(llhttp_t* p, const char* at, std::size_t length);
    static int on_version_complete(llhttp_t* p);
    static int on_header_field(llhttp_t* p, const char* at, std::size_t length);
    static int on_header_field_complete(llhttp_t* p);
    static int on_header_value(llhttp_t* p, const char* at, std::size_t length);
    static int on_header_value_complete(llhttp_t* p);
    static int on_headers_complete(llhttp_t* p);
    static int on_chunk_header(llhttp_t* p);
    static int on_chunk_extension(llhttp_t* p, const char* at, std::size_t length);
    static int on_body(llhttp_t* p, const char* at, std::size_t length);
    static int on_message_complete(llhttp_t* p);
};

}  // namespace runtime::http
