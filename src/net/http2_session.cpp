#include "http2_session.hpp"

#include <nghttp2/nghttp2.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http2_response_sink.hpp"
#include "runtime/dispatch/deadline.hpp"
#include "runtime/http/response_head.hpp"
#include "runtime/http2/response_headers.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

// Response bytes one stream may have queued behind the client's window; a worker writing
// more waits (and so does PHP's flush), up to http.send_timeout without progress.
constexpr std::size_t stream_buffer_limit = 256 * 1024;
constexpr std::size_t write_chunk = 64 * 1024;
constexpr std::size_t read_chunk = 16 * 1024;

http2::CodecLimits codec_limits(const config::HttpSettings& settings) {
    http2::CodecLimits limits;
    limits.head = http2::HeadLimits{settings.max_request_line, settings.max_header_bytes, settings.max_header_count};
    limits.max_concurrent_streams = settings.http2_max_concurrent_streams;
    limits.max_resets = settings.http2_max_resets;
    limits.max_control_frames = settings.http2_max_control_frames;
    return limits;
}

}  // namespace

struct Http2Session::Stream {
    Stream(std::int32_t stream_id, http::RequestHead request, bool expects_body, int refused,
           const asio::any_io_executor& executor)
        : id(stream_id), head(std::move(request)), has_body(expects_body), refused_status(refused), signal(executor) {}

    std::int32_t id;
    http::RequestHead head;
    bool has_body;
    int refused_status;            // 0, or the status answering a refused head
    std::deque<std::string> body;  // received, not yet taken by the worker exchange
    std::uint64_t body_received = 0;
    bool body_ended = false;
    bool body_too_large = false;
    bool closed = false;          // the stream is gone: nothing more reaches the client
    bool response_ended = false;  // a complete response was submitted
    bool waiting_room = false;    // write_body waits for the buffer to drain
    AsyncSignal signal;           // body arrived, room in the buffer, or closed
    ResponseFacts facts;
};

// The stream's response side for Http2ResponseSink and the session's own answers.
class Http2Session::Writer final : public Http2StreamWriter {
public:
    Writer(Http2Session& session, Stream& stream) : session_(session), stream_(stream) {}

    bool submit_head(const std::vector<http::Header>& header_block, bool has_body) override {
        if (stream_.closed) return false;
        if (!session_.codec_.submit_response(stream_.id, header_block, has_body)) {
            stream_.closed = true;
            return false;
        }
        for (const auto& header : header_block) stream_.facts.bytes_sent += header.name.size() + header.value.size();
        if (!has_body) stream_.response_ended = true;
        session_.wake_writer();
        return true;
    }
    bool submit_informational(const std::vector<http::Header>& header_block) override {
        if (stream_.closed || !session_.codec_.submit_informational(stream_.id, header_block)) return false;
        session_.wake_writer();
        return true;
    }
    asio::awaitable<bool> write_body(std::string_view bytes) override { return session_.write_body(stream_, bytes); }
    void end_body() override {
        if (stream_.closed) return;
        session_.codec_.end_body(stream_.id);
        stream_.response_ended = true;
        session_.wake_writer();
    }
    void reset(std::uint32_t error_code) override {
        // A complete answer (e.g. 413 while the body still came) stands.
        if (stream_.closed || stream_.response_ended) return;
        session_.codec_.reset(stream_.id, error_code);
        stream_.closed = true;
        session_.wake_writer();
    }
    bool gone() const override { return stream_.closed; }

private:
    Http2Session& session_;
    Stream& stream_;
};

Http2Session::Http2Session(std::unique_ptr<ByteTransport> transport, std::string already_read,
                           cgi::ConnectionInfo connection, FrontEnd front, obs::Metrics& metrics,
                           std::shared_ptr<bool> draining, obs::AccessLog* access_log)
    : transport_(std::move(transport)),
      already_read_(std::move(already_read)),
      connection_(std::move(connection)),
      front_(front),
      metrics_(metrics),
      draining_(std::move(draining)),
      access_log_(access_log),
      codec_(codec_limits(front.settings)),
      write_signal_(transport_->executor()),
      finished_signal_(transport_->executor()) {}

Http2Session::~Http2Session() = default;

asio::awaitable<void> Http2Session::run() {
    auto self = shared_from_this();
    const auto executor = transport_->executor();
    last_activity_ = Clock::now();
    obs::log(lvl::debug, "HTTP/2 connection from {}:{}", connection_.remote_addr, connection_.remote_port);
    asio::co_spawn(
        executor, [self]() -> asio::awaitable<void> { co_await self->write_loop(); }, asio::detached);
    asio::co_spawn(
        executor, [self]() -> asio::awaitable<void> { co_await self->watchdog(); }, asio::detached);

    std::string input = std::move(already_read_);
    std::string buffer(read_chunk, '\0');
    for (;;) {
        if (!input.empty()) {
            const bool ok = codec_.feed(input, Clock::now());
            input.clear();
            handle_events();
            wake_writer();
            if (!ok) {
                if (!codec_.abuse().empty()) {
                    obs::log(lvl::warn, "HTTP/2 client {}:{}: {}: GOAWAY ENHANCE_YOUR_CALM, connection closed",
                             connection_.remote_addr, connection_.remote_port, codec_.abuse());
                } else {
                    obs::log(lvl::info, "HTTP/2 protocol error from {}:{}: {}: connection closed",
                             connection_.remote_addr, connection_.remote_port, codec_.error());
                }
                break;
            }
        }
        if (closing_ || codec_.finished()) break;
        boost::system::error_code ec;
        const std::size_t n = co_await transport_->read_some(asio::buffer(buffer), ec);
        if (ec) break;
        last_activity_ = Clock::now();
        input.assign(buffer.data(), n);
    }
    closing_ = true;
    close_all_streams();
    wake_writer();
    // Handlers still draining their worker (client_aborted) finish before the session goes.
    while (!writer_done_ || !streams_.empty()) co_await finished_signal_.wait();
    transport_->close();
}

void Http2Session::close_all_streams() {
    for (auto& [id, stream] : streams_) {
        stream->closed = true;
        stream->signal.notify();
    }
}

asio::awaitable<void> Http2Session::write_loop() {
    dispatch::Deadline deadline(transport_->executor());
    for (;;) {
        std::string out = codec_.take_output(write_chunk);
        // Data taken from a stream's buffer makes room for its writer.
        for (auto& [id, stream] : streams_) {
            if (stream->waiting_room) stream->signal.notify();
        }
        if (out.empty()) {
            if (closing_ || codec_.finished()) break;
            co_await write_signal_.wait();
            continue;
        }
        std::string_view rest = out;
        bool ok = true;
        while (ok && !rest.empty()) {
            // Like HTTP/1.1's send_timeout: bounds each pause of a client that does not read.
            deadline.arm(Clock::now() + front_.settings.send_timeout, [this] { transport_->cancel(); });
            boost::system::error_code ec;
            const std::size_t n = co_await transport_->write_some(asio::buffer(rest.data(), rest.size()), ec);
            const bool timed_out = deadline.disarm();
            ok = !ec && !timed_out;
            rest.remove_prefix(std::min(n, rest.size()));
        }
        if (!ok) {
            obs::log(lvl::debug, "HTTP/2 client {}:{} stopped reading: connection closed", connection_.remote_addr,
                     connection_.remote_port);
            closing_ = true;
            close_all_streams();
            break;
        }
    }
    writer_done_ = true;
    transport_->close();
    finished_signal_.notify();
}

asio::awaitable<void> Http2Session::watchdog() {
    asio::steady_timer timer(transport_->executor());
    while (!closing_) {
        timer.expires_after(std::chrono::seconds(1));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (closing_) break;
        if (*draining_ && !shut_down_) {
            shut_down_ = true;
            codec_.shut_down();
            wake_writer();
        }
        if (!streams_.empty()) continue;
        const bool idle = Clock::now() - last_activity_ >= front_.settings.keepalive_timeout;
        if (shut_down_ || idle) {
            if (!shut_down_) codec_.shut_down();
            shut_down_ = true;
            closing_ = true;
            wake_writer();
        }
    }
}

void Http2Session::handle_events() {
    auto events = codec_.take_events();
    // A stream reset in the same read as its HEADERS (rapid reset) is never started.
    std::set<std::int32_t> reset_now;
    for (const auto& event : events) {
        if (event.kind == http2::StreamEvent::closed && event.error_code != 0) reset_now.insert(event.stream_id);
    }
    const std::uint64_t max_body = front_.settings.max_body_bytes;
    for (auto& event : events) {
        auto it = streams_.find(event.stream_id);
        Stream* stream = it == streams_.end() ? nullptr : it->second.get();
        switch (event.kind) {
            case http2::StreamEvent::request:
            case http2::StreamEvent::refused:
                if (reset_now.count(event.stream_id) != 0) break;
                start_stream(event.stream_id, std::move(event.head), !event.end_stream, event.status);
                break;
            case http2::StreamEvent::body:
                if (!stream) {
                    codec_.consume(event.stream_id, event.bytes.size());
                    break;
                }
                stream->body_received += event.bytes.size();
                if (max_body != 0 && stream->body_received > max_body) {
                    stream->body_too_large = true;
                    stream->body.clear();
                    codec_.discard_body(event.stream_id);
                } else if (!stream->body_too_large) {
                    stream->body.push_back(std::move(event.bytes));
                }
                stream->signal.notify();
                break;
            case http2::StreamEvent::body_end:
                if (stream) {
                    stream->body_ended = true;
                    stream->signal.notify();
                }
                break;
            case http2::StreamEvent::closed:
                if (stream) {
                    if (event.error_code != 0 && !stream->response_ended)
                        obs::log(lvl::debug, "HTTP/2 stream {} of {} {} reset by the client (code {})", event.stream_id,
                                 stream->head.method, stream->head.target, event.error_code);
                    stream->closed = true;
                    stream->signal.notify();
                }
                break;
        }
    }
}

void Http2Session::start_stream(std::int32_t id, http::RequestHead head, bool has_body, int refused_status) {
    // Handlers of reset streams may still be draining their worker: bound them too.
    if (streams_.size() >= 2 * std::size_t{front_.settings.http2_max_concurrent_streams}) {
        obs::log(lvl::info, "HTTP/2 client {}:{}: {} streams still being answered, stream {} refused",
                 connection_.remote_addr, connection_.remote_port, streams_.size(), id);
        codec_.reset(id, NGHTTP2_REFUSED_STREAM);
        return;
    }
    auto stream = std::make_shared<Stream>(id, std::move(head), has_body, refused_status, transport_->executor());
    streams_[id] = stream;
    asio::co_spawn(
        transport_->executor(),
        [self = shared_from_this(), stream]() -> asio::awaitable<void> { co_await self->serve_stream(stream); },
        asio::detached);
}

asio::awaitable<void> Http2Session::serve_stream(std::shared_ptr<Stream> handle) {
    Stream& stream = *handle;
    stream.facts = ResponseFacts{std::chrono::system_clock::now(), Clock::now(), 0, 0, 0, {}};
    const std::uint64_t max_body = front_.settings.max_body_bytes;
    if (stream.refused_status != 0) {
        obs::log(lvl::info, "bad HTTP/2 request from {}:{}: {}", connection_.remote_addr, connection_.remote_port,
                 stream.refused_status);
        co_await answer(stream, stream.refused_status, "");
    } else if (stream.head.content_length && max_body != 0 && *stream.head.content_length > max_body) {
        co_await answer(stream, 413, "");
    } else {
        RequestPlan plan = plan_request(front_, stream.head, connection_, stream.has_body);
        if (plan.file) {
            co_await serve_static(stream, std::move(*plan.file));
        } else if (plan.answer) {
            co_await answer(stream, plan.answer->status, plan.answer->body, std::move(plan.answer->headers));
        } else {
            co_await serve_with_worker(stream, std::move(*plan.worker));
        }
    }
    // A body nobody reads any more is dropped as it arrives, its window given back.
    if (!stream.body_ended) codec_.discard_body(stream.id);
    if (access_log_ && stream.refused_status == 0)
        access_log_->write(access_record(stream.head, connection_, stream.facts, Clock::now()));
    streams_.erase(stream.id);
    wake_writer();
    finished_signal_.notify();
}

asio::awaitable<void> Http2Session::answer(Stream& stream, int status, std::string_view body,
                                           std::vector<http::Header> extra) {
    codec_.discard_body(stream.id);
    stream.body.clear();
    Writer writer(*this, stream);
    co_await send_simple_response(writer, status, body, std::move(extra), stream.head.method == "HEAD");
    count_response(metrics_, stream.facts, status);
}

asio::awaitable<void> Http2Session::serve_with_worker(Stream& stream, WorkerPlan work) {
    Writer writer(*this, stream);
    if (stream.head.expect_continue && stream.has_body) {
        codec_.submit_interim(stream.id, {http::Header{":status", "100"}});
        wake_writer();
    }
    Http2ResponseSink sink(writer, stream.head.target, stream.head.method == "HEAD");
    const dispatch::BodySource body = [this, &stream]() { return next_body(stream); };
    stream.facts.pool = work.route->pool->settings().name;
    const dispatch::ExchangeOutcome outcome =
        co_await dispatch::exchange_with_worker(*work.route->pool, std::move(work.request), body, sink);
    stream.facts.worker_pid = outcome.worker_pid;
    if (stream.body_too_large) co_return;  // answered 413 by next_body
    if (auto delegation = sink.take_file_delegation()) {
        auto delegated = delegated_answer(front_, *work.route, *delegation, stream.head);
        if (auto* early = std::get_if<EarlyAnswer>(&delegated)) {
            co_await answer(stream, early->status, early->body);
        } else {
            co_await serve_static(stream, std::get<StaticAnswer>(std::move(delegated)));
        }
        co_return;
    }
    count_response(metrics_, stream.facts, sink.status());
}

asio::awaitable<dispatch::BodyPiece> Http2Session::next_body(Stream& stream) {
    const auto deadline = Clock::now() + front_.settings.body_timeout;
    for (;;) {
        if (stream.body_too_large) {
            obs::log(lvl::info, "HTTP/2 request body from {}:{} for {} over http.max_body_size: 413",
                     connection_.remote_addr, connection_.remote_port, stream.head.target);
            co_await answer(stream, 413, "");
            co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        }
        if (!stream.body.empty()) {
            std::string bytes = std::move(stream.body.front());
            stream.body.pop_front();
            codec_.consume(stream.id, bytes.size());  // the client may send as much again
            wake_writer();
            co_return dispatch::BodyPiece{dispatch::BodyPiece::data, std::move(bytes)};
        }
        if (stream.body_ended) co_return dispatch::BodyPiece{dispatch::BodyPiece::end, {}};
        if (stream.closed) co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        if (!co_await stream.signal.wait(deadline) && Clock::now() >= deadline) {
            obs::log(lvl::debug, "HTTP/2 request body for {} from {} not received in time", stream.head.target,
                     connection_.remote_addr);
            Writer(*this, stream).reset(NGHTTP2_CANCEL);
            co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        }
    }
}

asio::awaitable<bool> Http2Session::write_body(Stream& stream, std::string_view bytes) {
    if (stream.closed) co_return false;
    // A client that keeps the window shut holds this stream only: its buffer is bounded and
    // the wait is bounded by send_timeout without progress; other streams go on.
    auto deadline = Clock::now() + front_.settings.send_timeout;
    std::size_t last = codec_.buffered(stream.id);
    while (codec_.buffered(stream.id) >= stream_buffer_limit) {
        stream.waiting_room = true;
        const bool woken = co_await stream.signal.wait(deadline);
        stream.waiting_room = false;
        if (stream.closed) co_return false;
        const std::size_t now_buffered = codec_.buffered(stream.id);
        if (now_buffered < last) {
            last = now_buffered;
            deadline = Clock::now() + front_.settings.send_timeout;
        } else if (!woken && Clock::now() >= deadline) {
            obs::log(lvl::info, "HTTP/2 client {}:{} kept stream {} ({}) at zero window for {}s: stream reset",
                     connection_.remote_addr, connection_.remote_port, stream.id, stream.head.target,
                     front_.settings.send_timeout.count());
            Writer(*this, stream).reset(NGHTTP2_CANCEL);
            co_return false;
        }
    }
    codec_.append_body(stream.id, bytes);
    stream.facts.bytes_sent += bytes.size();
    wake_writer();
    co_return true;
}

asio::awaitable<void> Http2Session::serve_static(Stream& stream, StaticAnswer answer) {
    codec_.discard_body(stream.id);
    stream.body.clear();
    http::StaticPlan& plan = answer.plan;
    plan.headers.push_back(http::Header{"date", http::http_date(std::time(nullptr))});
    const bool has_body = plan.send_body && plan.body_length > 0;
    auto block = http2::response_header_block({plan.status, std::move(plan.headers), plan.content_length});
    Writer writer(*this, stream);
    // Our own headers: refusal only on a bug, which must not reach the wire.
    if (!block || !writer.submit_head(block.value(), has_body) || !has_body) {
        count_response(metrics_, stream.facts, block ? plan.status : 500);
        co_return;
    }
    std::string buffer(write_chunk, '\0');
    std::uint64_t offset = plan.body_offset;
    std::uint64_t remaining = plan.body_length;
    while (remaining > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffer.size()));
        const ssize_t n = ::pread(answer.file.get(), buffer.data(), want, static_cast<off_t>(offset));
        if (n <= 0) {
            obs::log(lvl::warn, "static file {} could not be read: stream reset", answer.path);
            writer.reset(NGHTTP2_INTERNAL_ERROR);
            break;
        }
        if (!co_await writer.write_body(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) break;
        offset += static_cast<std::uint64_t>(n);
        remaining -= static_cast<std::uint64_t>(n);
    }
    if (remaining == 0) writer.end_body();
    count_response(metrics_, stream.facts, plan.status);
}

}  // namespace runtime::net
