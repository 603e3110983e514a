#include "http_session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <span>

#include <unistd.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "http2_session.hpp"
#include "http_response_sink.hpp"
#include "request_plan.hpp"
#include "runtime/dispatch/worker_exchange.hpp"
#include "runtime/http/https_redirect.hpp"
#include "runtime/http/response_head.hpp"
#include "runtime/http/static_path.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/obs/log.hpp"
#include "site_files.hpp"
#include "static_sender.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;
using Clock = std::chrono::steady_clock;

HttpSession::HttpSession(std::unique_ptr<ByteTransport> transport, cgi::ConnectionInfo connection,
                         const config::HttpSettings& settings, dispatch::Router& router, StaticRoots& static_roots,
                         obs::Metrics& metrics, std::shared_ptr<bool> draining, obs::AccessLog* access_log)
    : transport_(std::move(transport)),
      socket_(transport_->plain_socket()),
      settings_(settings),
      front_{settings, router, static_roots},
      metrics_(metrics),
      draining_(std::move(draining)),
      access_log_(access_log),
      parser_(http::ParserLimits{settings.max_request_line, settings.max_header_bytes, settings.max_header_count,
                                 settings.max_body_bytes}),
      connection_(std::move(connection)),
      deadline_(transport_->executor()) {
    boost::system::error_code ec;
    if (socket_) socket_->non_blocking(true, ec);  // write() tries a plain send first (see there)
}

void HttpSession::arm_cancel(Clock::time_point at) {
    deadline_.arm(at, [transport = transport_.get()] { transport->cancel(); });
}

namespace {

// Reads land here first and only what arrived is kept by the connection: idle keep-alive
// connections (most of them) hold no read buffer, and none is zero-filled. One per thread:
// the bytes are copied out before the coroutine suspends again.
std::span<char> read_scratch() {
    thread_local std::array<char, 16 * 1024> scratch;
    return scratch;
}

EarlyAnswer https_redirect(const http::RequestHead& head, std::string_view server_addr, std::uint16_t https_port) {
    std::string location = http::https_location(head.find("Host").value_or(""), head.target, server_addr, https_port);
    return EarlyAnswer{301, "Moved Permanently\n", {http::Header{"Location", std::move(location)}}};
}

}  // namespace

// A non-blocking read first, then a wait for readiness when nothing was there. No event-loop
// pass happens between the failed read and the wait, so data arriving meanwhile wakes the wait.
asio::awaitable<HttpSession::ReadResult> HttpSession::read_more(Clock::time_point deadline) {
    if (input_start_ > 0) {
        input_.erase(0, input_start_);
        input_start_ = 0;
    }
    constexpr std::size_t kept_capacity = 4 * 1024;
    if (input_.empty() && input_.capacity() > kept_capacity) std::string().swap(input_);
    if (!socket_) co_return co_await read_more_tls(deadline);
    for (;;) {
        if (Clock::now() >= deadline) co_return ReadResult::timeout;
        const std::span<char> scratch = read_scratch();
        boost::system::error_code ec;
        const std::size_t n = socket_->read_some(asio::buffer(scratch.data(), scratch.size()), ec);
        if (!ec) {
            input_.append(scratch.data(), n);
            co_return ReadResult::data;
        }
        if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ReadResult::closed;
        arm_cancel(deadline);
        ec = {};
        co_await socket_->async_wait(asio::ip::tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        const bool timed_out = deadline_.disarm();
        if (timed_out) co_return ReadResult::timeout;
        if (ec) co_return ReadResult::closed;
    }
}

// TLS decrypts into the stream's own buffer; the plaintext lands straight in input_ (the
// shared scratch buffer cannot be used across an asynchronous read).
asio::awaitable<HttpSession::ReadResult> HttpSession::read_more_tls(Clock::time_point deadline) {
    constexpr std::size_t read_size = 8 * 1024;
    if (Clock::now() >= deadline) co_return ReadResult::timeout;
    const std::size_t kept = input_.size();
    input_.resize(kept + read_size);
    arm_cancel(deadline);
    boost::system::error_code ec;
    const std::size_t n = co_await transport_->read_some(asio::buffer(input_.data() + kept, read_size), ec);
    const bool timed_out = deadline_.disarm();
    input_.resize(kept + n);
    if (timed_out) co_return ReadResult::timeout;
    if (ec) co_return ReadResult::closed;
    co_return ReadResult::data;
}

// Waits for the transport as often as needed (TLS always, plain TCP once the send buffer is full).
asio::awaitable<bool> HttpSession::write_rest(std::string_view bytes) {
    while (!bytes.empty()) {
        arm_cancel(Clock::now() + settings_.send_timeout);
        boost::system::error_code ec;
        const std::size_t n = co_await transport_->write_some(asio::buffer(bytes.data(), bytes.size()), ec);
        const bool timed_out = deadline_.disarm();
        response_.bytes_sent += n;
        if (ec || timed_out) co_return false;
        bytes.remove_prefix(n);
    }
    co_return true;
}

// send_timeout bounds each pause of a slow reader (like nginx), not the whole transfer: a large
// response to a slow but steady client completes.
//
// A response almost always fits the socket's send buffer: a non-blocking send first completes
// it without an asynchronous operation, which would cost a pass through the event loop.
asio::awaitable<bool> HttpSession::write(std::string_view bytes) {
    if (socket_) {
        boost::system::error_code sync_ec;
        const std::size_t sent_now = socket_->write_some(asio::buffer(bytes.data(), bytes.size()), sync_ec);
        if (sync_ec && sync_ec != asio::error::would_block && sync_ec != asio::error::try_again) co_return false;
        response_.bytes_sent += sent_now;
        bytes.remove_prefix(sent_now);
        if (bytes.empty()) co_return true;  // the usual case: no second coroutine frame
    }
    co_return co_await write_rest(bytes);
}

http::RequestParser::Event HttpSession::next_event() {
    auto event = parser_.feed(std::string_view(input_).substr(input_start_));
    input_start_ += event.consumed;
    return event;
}

asio::awaitable<bool> HttpSession::respond_simple(int status, std::string_view body, bool keep_alive,
                                                  std::vector<http::Header> extra) {
    const std::string response = http::simple_response(status, keep_alive, body, std::move(extra));
    response_.status = status;
    const bool ok = co_await write(response);
    co_return ok&& keep_alive;
}

asio::awaitable<bool> HttpSession::respond_early(EarlyAnswer answer, bool keep_alive) {
    // A client waiting for 100 Continue has not sent its body: answer and close instead.
    const bool body_ok = !parser_.head().expect_continue && co_await skip_body();
    count_request(answer.status);
    co_return co_await respond_simple(answer.status, answer.body, keep_alive && body_ok, std::move(answer.headers));
}

asio::awaitable<void> HttpSession::run() {
    metrics_.connection_opened();
    // header_timeout is a deadline for the whole head (a slowloris trickling bytes cannot
    // extend it), counted from the connection's start, then from the first byte of each
    // further request; a kept-alive connection waits keepalive_timeout for that byte.
    std::optional<Clock::time_point> head_deadline = Clock::now() + settings_.header_timeout;
    // h2c with prior knowledge on plain TCP only: over TLS, ALPN chose HTTP/1.1.
    if (settings_.http2 && socket_ && !https_redirect_port_ && co_await http2_preface_arrived(*head_deadline)) {
        co_await serve_http2();
        metrics_.connection_closed();
        co_return;
    }
    bool head_started =
        input_.size() > input_start_;  // bytes of the next request arrived (a silent client gets no 408)
    bool linger = false;               // we close while the client may still be sending: drain first
    for (;;) {
        auto event = next_event();
        using Kind = http::RequestParser::EventKind;
        if (event.kind == Kind::need_more) {
            const bool idle = !head_deadline;
            const auto result = co_await read_more(idle ? Clock::now() + settings_.keepalive_timeout : *head_deadline);
            if (result == ReadResult::data) {
                if (idle) head_deadline = Clock::now() + settings_.header_timeout;
                head_started = true;
                continue;
            }
            if (result == ReadResult::timeout && head_started) {
                obs::log(lvl::debug, "request head from {} not received in time", connection_.remote_addr);
                co_await respond_simple(408, "Request Timeout\n", false);
            } else if (result == ReadResult::closed) {
                if (auto end = parser_.finish(); end.kind == Kind::error) {
                    obs::log(lvl::debug, "client {} closed mid-request", connection_.remote_addr);
                }
            }
            break;
        }
        if (event.kind == Kind::error) {
            const auto& error = parser_.error();
            obs::log(lvl::info, "bad request from {}:{}: {} ({})", connection_.remote_addr, connection_.remote_port,
                     error.status, error.reason);
            co_await respond_simple(error.status, std::string(http::reason_phrase(error.status)) + "\n", false);
            linger = true;
            break;
        }
        if (event.kind != Kind::head) continue;
        const bool served = co_await serve_request();
        log_access();
        if (!served) {
            linger = parser_.in_message() || input_.size() > input_start_;
            break;
        }
        // A pipelined request already (partly) buffered is on the clock from now.
        head_deadline.reset();
        head_started = input_.size() > input_start_;
        if (head_started) head_deadline = Clock::now() + settings_.header_timeout;
    }
    if (linger) co_await drain_before_close();
    co_await transport_->close_gracefully(close_notify_wait);
    metrics_.connection_closed();
}

asio::awaitable<bool> HttpSession::http2_preface_arrived(Clock::time_point deadline) {
    constexpr std::string_view preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    while (input_.size() < preface.size() && preface.starts_with(input_)) {
        if (co_await read_more(deadline) != ReadResult::data) co_return false;
    }
    co_return std::string_view(input_).starts_with(preface);
}

asio::awaitable<void> HttpSession::serve_http2() {
    auto session = std::make_shared<Http2Session>(std::move(transport_), std::move(input_), connection_, front_,
                                                  metrics_, draining_, access_log_);
    co_await session->run();
}

// Closing a socket with unread input makes the kernel send RST, which can destroy the
// response still in flight (the client sees "connection reset" instead of our 413). Like
// nginx's lingering close: stop sending, then read and discard for a short, bounded while.
asio::awaitable<void> HttpSession::drain_before_close() {
    boost::system::error_code ignored;
    if (socket_) socket_->shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    const auto deadline = Clock::now() + linger_time;
    std::size_t drained = 0;
    while (drained < linger_max_bytes) {
        input_.clear();
        input_start_ = 0;
        if (co_await read_more(std::min(deadline, Clock::now() + linger_timeout)) != ReadResult::data) break;
        drained += input_.size();
    }
}

asio::awaitable<bool> HttpSession::skip_body() {
    using Kind = http::RequestParser::EventKind;
    while (parser_.in_message()) {
        auto event = next_event();
        if (event.kind == Kind::message_complete) co_return true;
        if (event.kind == Kind::error) co_return false;
        if (event.kind == Kind::need_more &&
            co_await read_more(Clock::now() + settings_.body_timeout) != ReadResult::data)
            co_return false;
    }
    co_return true;
}

asio::awaitable<bool> HttpSession::serve_request() {
    response_ = ResponseFacts{std::chrono::system_clock::now(), Clock::now(), 0, 0, 0, {}};
    // Valid until the parser starts the next request, i.e. for the whole of this call.
    const http::RequestHead& head = parser_.head();
    const bool keep_alive = head.keep_alive && !*draining_ && settings_.keepalive_timeout.count() > 0;
    if (https_redirect_port_) {
        co_return co_await respond_early(https_redirect(head, connection_.server_addr, *https_redirect_port_),
                                         keep_alive);
    }
    RequestPlan plan = plan_request(front_, head, connection_, head.has_body());
    if (plan.file) co_return co_await serve_static(std::move(*plan.file), keep_alive);
    if (plan.answer) co_return co_await respond_early(std::move(*plan.answer), keep_alive);
    WorkerPlan& work = *plan.worker;
    if (head.expect_continue && head.has_body() && head.version_minor >= 1) {
        if (!co_await write("HTTP/1.1 100 Continue\r\n\r\n")) co_return false;
    }

    bool body_malformed = false;  // bad chunked framing: the client gets the parser's 400
    const dispatch::BodySource next_body = [this, &body_malformed]() -> asio::awaitable<dispatch::BodyPiece> {
        using Kind = http::RequestParser::EventKind;
        for (;;) {
            auto event = next_event();
            if (event.kind == Kind::body)
                co_return dispatch::BodyPiece{dispatch::BodyPiece::data, std::string(event.body)};
            if (event.kind == Kind::message_complete) co_return dispatch::BodyPiece{dispatch::BodyPiece::end, {}};
            if (event.kind == Kind::error) {
                body_malformed = true;
                co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
            }
            if (co_await read_more(Clock::now() + settings_.body_timeout) != ReadResult::data)
                co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        }
    };
    HttpResponseSink sink([this](std::string_view bytes) { return write(bytes); },
                          HttpAnswerContext{head.target, head.version_minor, head.method == "HEAD", keep_alive});
    response_.pool = work.route->pool->settings().name;
    const dispatch::ExchangeOutcome outcome =
        co_await dispatch::exchange_with_worker(*work.route->pool, std::move(work.request), next_body, sink);
    response_.worker_pid = outcome.worker_pid;
    if (body_malformed && sink.status() == 0) co_return co_await answer_bad_body();

    if (auto delegation = sink.take_file_delegation())
        co_return co_await serve_delegated(*work.route, std::move(*delegation), sink.keep_alive());
    count_request(sink.status());
    co_return sink.keep_alive();
}

// The request body broke its framing (a chunk size that is not hex or overflows, no CRLF
// after a chunk's data) before any response byte went out: say so, then close.
asio::awaitable<bool> HttpSession::answer_bad_body() {
    const auto& error = parser_.error();
    obs::log(lvl::info, "bad request body from {}:{}: {} ({})", connection_.remote_addr, connection_.remote_port,
             error.status, error.reason);
    count_request(error.status);
    co_await respond_simple(error.status, std::string(http::reason_phrase(error.status)) + "\n", false);
    co_return false;
}

asio::awaitable<bool> HttpSession::serve_delegated(const dispatch::Route& route, http::FileDelegation delegation,
                                                   bool keep_alive) {
    auto answer = delegated_answer(front_, route, delegation, parser_.head());
    if (auto* early = std::get_if<EarlyAnswer>(&answer)) {
        count_request(early->status);
        co_return co_await respond_simple(early->status, early->body, keep_alive);
    }
    co_return co_await serve_static(std::get<StaticAnswer>(std::move(answer)), keep_alive);
}

void HttpSession::log_access() {
    if (access_log_) access_log_->write(access_record(parser_.head(), connection_, response_, Clock::now()));
}

void HttpSession::count_request(int status) { count_response(metrics_, response_, status); }

asio::awaitable<bool> HttpSession::serve_static(StaticAnswer answer, bool keep_alive) {
    const http::RequestHead& head = parser_.head();
    // A body on a GET/HEAD is read and dropped; one held back behind 100-continue is not waited for.
    if (head.has_body()) keep_alive = keep_alive && !head.expect_continue && co_await skip_body();
    http::StaticPlan& plan = answer.plan;
    http::ResponseHeadSpec spec;
    spec.status = plan.status;
    spec.version_minor = head.version_minor;
    spec.headers = std::move(plan.headers);
    spec.headers.push_back(http::Header{"Date", http::http_date(std::time(nullptr))});  // RFC 9110 6.6.1
    spec.framing = http::BodyFraming::content_length;
    spec.content_length = plan.content_length;
    spec.keep_alive = keep_alive;
    spec.is_head_request = head.method == "HEAD";
    // Our own headers: serialization only fails on a bug, which must not reach the wire.
    const auto bytes = http::serialize_response_head(spec);
    bool ok = false;
    if (bytes) ok = co_await write(bytes.value());
    if (ok && plan.send_body) {
        ok = co_await send_file_body(answer.file.get(), plan.body_offset, plan.body_length);
        if (!ok) obs::log(lvl::debug, "static file {} to {} cut short", answer.path, connection_.remote_addr);
    }
    count_request(plan.status);
    co_return ok&& keep_alive;
}

asio::awaitable<bool> HttpSession::send_file_body(int file, std::uint64_t offset, std::uint64_t length) {
    if (socket_) {
        const bool sent = co_await send_file_range(*socket_, file, offset, length, settings_.send_timeout);
        if (sent) response_.bytes_sent += length;
        co_return sent;
    }
    constexpr std::uint64_t slice = 64 * 1024;
    std::string chunk;
    while (length > 0) {
        chunk.resize(static_cast<std::size_t>(std::min(length, slice)));
        const ssize_t n = ::pread(file, chunk.data(), chunk.size(), static_cast<off_t>(offset));
        if (n <= 0) co_return false;  // the file shrank: the announced length cannot be honoured
        chunk.resize(static_cast<std::size_t>(n));
        if (!co_await write(chunk)) co_return false;
        offset += static_cast<std::uint64_t>(n);
        length -= static_cast<std::uint64_t>(n);
    }
    co_return true;
}

}  // namespace runtime::net
