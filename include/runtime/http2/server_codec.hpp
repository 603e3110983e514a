#pragma once
// The server side of one HTTP/2 connection over nghttp2, without I/O: bytes from the client
// go in (feed), stream events come out (take_events), frames to send come out (take_output),
// and responses go in per stream. Flow control is end to end: a request body's window opens
// only as the caller consumes the bytes (consume), and a response body leaves only as the
// client's window allows (buffered() tells how much waits). Abuse limits (rapid reset,
// SETTINGS/PING/PRIORITY floods, oversized or endless header blocks) end the connection with
// GOAWAY ENHANCE_YOUR_CALM and say why in abuse().
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/http/request_parser.hpp"
#include "runtime/http2/rate_window.hpp"
#include "runtime/http2/request_head.hpp"

struct nghttp2_session;

namespace runtime::http2 {

struct CodecLimits {
    HeadLimits head;
    std::uint32_t max_concurrent_streams = 100;
    std::uint32_t stream_window = 64 * 1024;  // request body bytes a stream may have unconsumed
    std::uint32_t max_resets = 200;           // RST_STREAM from the client per window; 0: unlimited
    std::uint32_t max_control_frames = 1000;  // SETTINGS, PING, PRIORITY, empty DATA per window; 0: unlimited
    std::chrono::steady_clock::duration window = std::chrono::seconds(10);
};

struct StreamEvent {
    enum Kind {
        request,   // a request head: head is set, end_stream when it has no body
        refused,   // a request that must be answered with `status` (400, 414, 431) without the application
        body,      // request body bytes (consume() them once handed on)
        body_end,  // the request body is complete
        closed,    // the stream is gone (reset by either side, or both ends finished)
    };
    Kind kind = request;
    std::int32_t stream_id = 0;
    http::RequestHead head;
    bool end_stream = false;
    int status = 0;
    std::string bytes;
    std::uint32_t error_code = 0;  // for closed: the RST_STREAM code (0: finished normally)
};

class ServerCodec {
public:
    using Clock = std::chrono::steady_clock;

    explicit ServerCodec(CodecLimits limits);
    ~ServerCodec();
    ServerCodec(const ServerCodec&) = delete;
    ServerCodec& operator=(const ServerCodec&) = delete;

    // Processes the client's bytes. False when the connection is broken (protocol error,
    // abuse): send what take_output() still gives (the GOAWAY), then close. error() says why.
    bool feed(std::string_view bytes, Clock::time_point now);
    std::vector<StreamEvent> take_events();
    // Frames to write, up to about `max` bytes (whole frames); empty when nothing is due.
    std::string take_output(std::size_t max);
    // The connection has nothing more to do: both sides are finished, or it was torn down.
    bool finished() const;
    const std::string& error() const { return error_; }
    // Set when a limit was hit ("rapid reset: ...", "control frame flood: ..."): log it.
    const std::string& abuse() const { return abuse_; }

    // Responses. header_block from response_header_block() (":status" first).
    bool submit_interim(std::int32_t stream_id, const std::vector<http::Header>& header_block);
    bool submit_response(std::int32_t stream_id, const std::vector<http::Header>& header_block, bool has_body);
    // A 1xx interim HEADERS frame (103 Early Hints) before the response; the stream stays open.
    bool submit_informational(std::int32_t stream_id, const std::vector<http::Header>& header_block);
    // Queues body bytes behind the stream's flow-control window.
    void append_body(std::int32_t stream_id, std::string_view bytes);
    void end_body(std::int32_t stream_id);
    // Response bytes queued for this stream and not yet taken by take_output (0 if unknown).
    std::size_t buffered(std::int32_t stream_id) const;
    void reset(std::int32_t stream_id, std::uint32_t error_code);
    // The caller handed `size` request body bytes on: let the client send as many more.
    void consume(std::int32_t stream_id, std::size_t size);
    // From now on this stream's request body is dropped as it arrives (answered early).
    void discard_body(std::int32_t stream_id);
    // GOAWAY NO_ERROR: streams already opened finish, no new ones are accepted.
    void shut_down();
    bool stream_open(std::int32_t stream_id) const { return streams_.count(stream_id) != 0; }

private:
    struct Stream {
        explicit Stream(RequestFields request_fields) : fields(std::move(request_fields)) {}
        RequestFields fields;
        bool request_seen = false;
        bool discard_body = false;
        std::size_t unconsumed = 0;  // body bytes delivered but not yet consumed
        std::string out;             // response body waiting for the window
        std::size_t out_offset = 0;
        bool out_ended = false;
        bool deferred = false;  // nghttp2 waits for resume_data
        std::size_t trailer_bytes = 0;
    };
    struct Callbacks;

    Stream* find(std::int32_t stream_id);
    const Stream* find(std::int32_t stream_id) const;
    void flag_abuse(std::string why);
    void count_control_frame(std::string_view kind);

    CodecLimits limits_;
    nghttp2_session* session_ = nullptr;
    std::map<std::int32_t, Stream> streams_;
    std::vector<StreamEvent> events_;
    RateWindow resets_;
    RateWindow control_frames_;
    Clock::time_point now_{};
    std::string error_;
    std::string abuse_;
};

}  // namespace runtime::http2
