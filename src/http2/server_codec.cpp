#include "runtime/http2/server_codec.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace runtime::http2 {
namespace {

std::vector<nghttp2_nv> name_values(const std::vector<http::Header>& block) {
    std::vector<nghttp2_nv> nva;
    nva.reserve(block.size());
    for (const auto& header : block) {
        nva.push_back(nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(header.name.data())),
                                 reinterpret_cast<std::uint8_t*>(const_cast<char*>(header.value.data())),
                                 header.name.size(), header.value.size(), NGHTTP2_NV_FLAG_NONE});
    }
    return nva;
}

StreamEvent make_event(StreamEvent::Kind kind, std::int32_t stream_id) {
    StreamEvent event;
    event.kind = kind;
    event.stream_id = stream_id;
    return event;
}

std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace

// nghttp2 calls these with the codec as user data.
struct ServerCodec::Callbacks {
    static ServerCodec& codec(void* user_data) { return *static_cast<ServerCodec*>(user_data); }

    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
        auto& self = codec(user_data);
        self.streams_.emplace(frame->hd.stream_id, Stream(RequestFields(self.limits_.head)));
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                         const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user_data) {
        auto& self = codec(user_data);
        Stream* stream = self.find(frame->hd.stream_id);
        if (!stream || !self.abuse_.empty()) return 0;
        if (stream->request_seen) {  // trailers: size-checked, not kept
            stream->trailer_bytes += namelen + valuelen;
        } else {
            stream->fields.add(text(name, namelen), text(value, valuelen));
        }
        // Far past the advertised SETTINGS_MAX_HEADER_LIST_SIZE (HPACK makes decoded fields
        // cheap to send): not a client mistake, an attack on memory.
        const std::size_t decoded = stream->fields.decoded_bytes() + stream->trailer_bytes;
        if (decoded > 4 * self.limits_.head.max_header_bytes + 4096)
            self.flag_abuse("header block flood: " + std::to_string(decoded) + " decoded bytes on stream " +
                            std::to_string(frame->hd.stream_id));
        return 0;
    }

    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
        auto& self = codec(user_data);
        const std::int32_t id = frame->hd.stream_id;
        const bool end_stream = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
        switch (frame->hd.type) {
            case NGHTTP2_HEADERS: {
                Stream* stream = self.find(id);
                if (!stream) break;
                if (!stream->request_seen && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
                    stream->request_seen = true;
                    StreamEvent event;
                    event.stream_id = id;
                    event.end_stream = end_stream;
                    event.status = stream->fields.refusal();
                    if (event.status != 0) {
                        event.kind = StreamEvent::refused;
                        stream->discard_body = true;
                    } else {
                        event.kind = StreamEvent::request;
                        event.head = stream->fields.head();
                    }
                    self.events_.push_back(std::move(event));
                } else if (end_stream && !stream->discard_body) {
                    self.events_.push_back(make_event(StreamEvent::body_end, id));
                }
                break;
            }
            case NGHTTP2_DATA: {
                Stream* stream = self.find(id);
                if (stream && end_stream && !stream->discard_body)
                    self.events_.push_back(make_event(StreamEvent::body_end, id));
                if (frame->hd.length == 0 && !end_stream) self.count_control_frame("empty DATA");
                break;
            }
            case NGHTTP2_RST_STREAM:
                if (self.resets_.exceeded_after(self.now_))
                    self.flag_abuse("rapid reset: more than " + std::to_string(self.limits_.max_resets) +
                                    " RST_STREAM frames in the window");
                break;
            case NGHTTP2_SETTINGS:
                if ((frame->hd.flags & NGHTTP2_FLAG_ACK) == 0) self.count_control_frame("SETTINGS");
                break;
            case NGHTTP2_PING:
                if ((frame->hd.flags & NGHTTP2_FLAG_ACK) == 0) self.count_control_frame("PING");
                break;
            case NGHTTP2_PRIORITY: self.count_control_frame("PRIORITY"); break;
            default: break;
        }
        return 0;
    }

    static int on_data_chunk(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                             std::size_t len, void* user_data) {
        auto& self = codec(user_data);
        Stream* stream = self.find(id);
        if (!stream || stream->discard_body || !stream->request_seen) {
            nghttp2_session_consume(session, id, len);
            return 0;
        }
        stream->unconsumed += len;
        StreamEvent event = make_event(StreamEvent::body, id);
        event.bytes.assign(reinterpret_cast<const char*>(data), len);
        self.events_.push_back(std::move(event));
        return 0;
    }

    static int on_stream_close(nghttp2_session* session, std::int32_t id, std::uint32_t error_code, void* user_data) {
        auto& self = codec(user_data);
        auto it = self.streams_.find(id);
        if (it == self.streams_.end()) return 0;
        // Bytes the caller will never consume must not shrink the connection's window.
        if (it->second.unconsumed > 0) nghttp2_session_consume_connection(session, it->second.unconsumed);
        const bool had_request = it->second.request_seen;
        self.streams_.erase(it);
        if (had_request) {
            StreamEvent event = make_event(StreamEvent::closed, id);
            event.error_code = error_code;
            self.events_.push_back(std::move(event));
        }
        return 0;
    }

    static ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                             std::uint32_t* data_flags, nghttp2_data_source*, void* user_data) {
        auto& self = codec(user_data);
        Stream* stream = self.find(id);
        if (!stream) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        const std::size_t available = stream->out.size() - stream->out_offset;
        const std::size_t n = std::min(length, available);
        if (n == 0 && !stream->out_ended) {
            stream->deferred = true;
            return NGHTTP2_ERR_DEFERRED;
        }
        std::memcpy(buf, stream->out.data() + stream->out_offset, n);
        stream->out_offset += n;
        if (stream->out_offset == stream->out.size()) {
            stream->out.clear();
            stream->out_offset = 0;
            if (stream->out_ended) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
        }
        return static_cast<ssize_t>(n);
    }
};

ServerCodec::ServerCodec(CodecLimits limits)
    : limits_(limits),
      resets_(limits.max_resets, limits.window),
      control_frames_(limits.max_control_frames, limits.window) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Callbacks::on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Callbacks::on_header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Callbacks::on_frame_recv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Callbacks::on_data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Callbacks::on_stream_close);
    nghttp2_option* option = nullptr;
    nghttp2_option_new(&option);
    // Request bodies open their window only as workers take them (consume()).
    nghttp2_option_set_no_auto_window_update(option, 1);
    // Our own limits are stricter; nghttp2's remain as a backstop.
    nghttp2_option_set_max_continuations(option, 8);
    nghttp2_option_set_max_settings(option, 32);
    nghttp2_option_set_no_closed_streams(option, 1);
    nghttp2_session_server_new2(&session_, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);

    const std::uint32_t header_list = static_cast<std::uint32_t>(
        std::min<std::size_t>(limits_.head.max_header_bytes + 32 * limits_.head.max_header_count, 1u << 30));
    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, limits_.max_concurrent_streams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, limits_.stream_window},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, header_list},
        {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
    };
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, sizeof settings / sizeof settings[0]);
    // Every stream may hold a full window at once without starving the others.
    const std::uint64_t connection_window =
        std::min<std::uint64_t>(std::uint64_t{limits_.stream_window} * limits_.max_concurrent_streams, (1u << 31) - 1);
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, static_cast<std::int32_t>(connection_window));
}

ServerCodec::~ServerCodec() { nghttp2_session_del(session_); }

ServerCodec::Stream* ServerCodec::find(std::int32_t stream_id) {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : &it->second;
}

const ServerCodec::Stream* ServerCodec::find(std::int32_t stream_id) const {
    auto it = streams_.find(stream_id);
    return it == streams_.end() ? nullptr : &it->second;
}

void ServerCodec::flag_abuse(std::string why) {
    if (!abuse_.empty()) return;
    abuse_ = std::move(why);
    nghttp2_session_terminate_session(session_, NGHTTP2_ENHANCE_YOUR_CALM);
}

void ServerCodec::count_control_frame(std::string_view kind) {
    if (control_frames_.exceeded_after(now_))
        flag_abuse("control frame flood: more than " + std::to_string(limits_.max_control_frames) +
                   " SETTINGS/PING/PRIORITY/empty DATA frames in the window (last: " + std::string(kind) + ")");
}

bool ServerCodec::feed(std::string_view bytes, Clock::time_point now) {
    now_ = now;
    if (!error_.empty()) return false;
    const ssize_t rv =
        nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (rv < 0) {
        error_ = nghttp2_strerror(static_cast<int>(rv));
        // nghttp2 queued a GOAWAY for protocol errors; a bad preface gets none.
        if (rv == NGHTTP2_ERR_FLOODED || rv == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS) {
            if (abuse_.empty()) abuse_ = error_;
            nghttp2_session_terminate_session(session_, NGHTTP2_ENHANCE_YOUR_CALM);
        }
    }
    if (!abuse_.empty()) {
        if (error_.empty()) error_ = abuse_;
        // No new work for a connection being torn down; streams already running are told.
        std::erase_if(events_, [](const StreamEvent& e) { return e.kind != StreamEvent::closed; });
        return false;
    }
    return error_.empty();
}

std::vector<StreamEvent> ServerCodec::take_events() { return std::exchange(events_, {}); }

std::string ServerCodec::take_output(std::size_t max) {
    std::string out;
    while (out.size() < max) {
        const std::uint8_t* data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(session_, &data);
        if (n <= 0) {
            if (n < 0 && error_.empty()) error_ = nghttp2_strerror(static_cast<int>(n));
            break;
        }
        out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
    return out;
}

bool ServerCodec::finished() const {
    return nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0;
}

bool ServerCodec::submit_interim(std::int32_t stream_id, const std::vector<http::Header>& header_block) {
    const auto nva = name_values(header_block);
    return nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, stream_id, nullptr, nva.data(), nva.size(), nullptr) >=
           0;
}

bool ServerCodec::submit_response(std::int32_t stream_id, const std::vector<http::Header>& header_block,
                                  bool has_body) {
    if (!find(stream_id)) return false;
    const auto nva = name_values(header_block);
    nghttp2_data_provider provider{};
    provider.read_callback = &Callbacks::read_body;
    return nghttp2_submit_response(session_, stream_id, nva.data(), nva.size(), has_body ? &provider : nullptr) == 0;
}

bool ServerCodec::submit_informational(std::int32_t stream_id, const std::vector<http::Header>& header_block) {
    if (!find(stream_id)) return false;
    const auto nva = name_values(header_block);
    return nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, stream_id, nullptr, nva.data(), nva.size(), nullptr) >=
           0;
}

void ServerCodec::append_body(std::int32_t stream_id, std::string_view bytes) {
    Stream* stream = find(stream_id);
    if (!stream || bytes.empty()) return;
    stream->out.append(bytes);
    if (stream->deferred) {
        stream->deferred = false;
        nghttp2_session_resume_data(session_, stream_id);
    }
}

void ServerCodec::end_body(std::int32_t stream_id) {
    Stream* stream = find(stream_id);
    if (!stream) return;
    stream->out_ended = true;
    if (stream->deferred) {
        stream->deferred = false;
        nghttp2_session_resume_data(session_, stream_id);
    }
}

std::size_t ServerCodec::buffered(std::int32_t stream_id) const {
    const Stream* stream = find(stream_id);
    return stream ? stream->out.size() - stream->out_offset : 0;
}

void ServerCodec::reset(std::int32_t stream_id, std::uint32_t error_code) {
    if (find(stream_id)) nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream_id, error_code);
}

void ServerCodec::consume(std::int32_t stream_id, std::size_t size) {
    Stream* stream = find(stream_id);
    if (!stream) return;  // closed: its bytes were given back then
    size = std::min(size, stream->unconsumed);
    stream->unconsumed -= size;
    nghttp2_session_consume(session_, stream_id, size);
}

void ServerCodec::discard_body(std::int32_t stream_id) {
    Stream* stream = find(stream_id);
    if (!stream) return;
    stream->discard_body = true;
    if (stream->unconsumed > 0) nghttp2_session_consume(session_, stream_id, stream->unconsumed);
    stream->unconsumed = 0;
}

void ServerCodec::shut_down() {
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
}

}  // namespace runtime::http2
