#include "worker_exchange.hpp"

#include <signal.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "runtime/http/response_head.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

std::uint64_t next_request_id() {
    static std::uint64_t id = 0;
    return ++id;
}

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

enum class BodyTransfer { complete, client_failed, worker_failed };

// Streams the request body into the worker as the client sends it.
asio::awaitable<BodyTransfer> send_body(pool::WorkerLink& link, ExchangeIo& io) {
    for (;;) {
        BodyPiece piece = co_await io.next_body();
        if (piece.kind == BodyPiece::failed) co_return BodyTransfer::client_failed;
        if (piece.kind == BodyPiece::end) co_return BodyTransfer::complete;
        if (!co_await link.write(ipc::encode_frame(ipc::FrameType::request_body, piece.bytes)))
            co_return BodyTransfer::worker_failed;
    }
}

// Writes the application's head followed by body. A head PHP must never put on the wire
// (CR/LF, invalid names) is refused: logged, answered 502. Returns false when refused.
asio::awaitable<bool> write_head(ExchangeIo& io, const http::ResponseHeadSpec& spec, std::string_view body,
                                 const pool::Worker& worker, ExchangeResult& result) {
    auto bytes = http::serialize_response_head(spec);
    if (!bytes) {
        obs::log(lvl::err, "refused response head from worker pid={} for {}: {}", worker.pid, worker.current_uri,
                 bytes.error().message);
        result.status = 502;
        result.keep_alive = false;
        const std::string response = http::simple_response(502, false, std::string_view("Bad Gateway\n"));
        co_await io.write(response);
        co_return false;
    }
    bytes->append(body);
    if (!co_await io.write(*bytes)) result.keep_alive = false;
    co_return true;
}

}  // namespace

asio::awaitable<ExchangeResult> exchange_with_worker(pool::Pool& pool, ExchangeRequest request, ExchangeIo& io) {
    ExchangeResult result;
    auto lease = co_await pool.acquire();
    if (!lease.worker) {
        const auto retry = lease.rejection ? lease.rejection->retry_after.count() : 1;
        result.status = 503;
        result.keep_alive = false;  // the body was not read
        std::vector<http::Header> extra;
        extra.push_back(http::Header{std::string("Retry-After"), std::to_string(std::max<long>(retry, 1))});
        const std::string response =
            http::simple_response(503, false, std::string_view("Service Unavailable: no worker free\n"), std::move(extra));
        co_await io.write(response);
        co_return result;
    }
    auto worker = lease.worker;
    worker->current_method = request.method;
    worker->current_uri = request.target;
    auto& link = *worker->link;
    request.head.id = next_request_id();

    // Request timeout: the worker is killed, its socket closes, the reads below fail.
    bool timed_out = false;
    asio::steady_timer deadline(co_await asio::this_coro::executor);
    const auto timeout = pool.settings().policy.request_timeout;
    if (timeout.count() > 0) {
        deadline.expires_after(timeout);
        deadline.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            timed_out = true;
            pool.kill_for_timeout(worker);
        });
    }

    bool worker_failed = !co_await link.write(ipc::encode_frame(ipc::FrameType::request_head, ipc::encode(request.head)));
    BodyTransfer body = BodyTransfer::complete;
    if (!worker_failed && request.has_body) body = co_await send_body(link, io);
    const bool client_ok = body != BodyTransfer::client_failed;
    worker_failed = worker_failed || body == BodyTransfer::worker_failed;
    if (!worker_failed) {
        const std::uint8_t aborted = client_ok ? 0 : 1;
        worker_failed = !co_await link.write(ipc::encode_frame(ipc::FrameType::request_end, {}, aborted));
    }
    if (!client_ok && !worker_failed) {
        // The worker drops a request whose body was cut short without running PHP.
        deadline.cancel();
        pool.release_unused(worker);
        co_return result;
    }

    http::ResponseHeadSpec spec;
    bool head_sent = false;
    bool response_done = false;
    std::string pending;  // body of a response whose length is known, sent whole at the end
    bool streaming = false;
    while (!worker_failed) {
        auto frame = co_await link.read();
        if (!frame) {
            worker_failed = true;
            break;
        }
        switch (frame->type) {
            case ipc::FrameType::response_head: {
                auto head = ipc::decode_response_head(frame->payload);
                if (!head) {
                    worker_failed = true;
                    break;
                }
                spec = http::ResponseHeadSpec{};
                spec.status = head->status;
                spec.version_minor = request.version_minor;
                spec.is_head_request = request.is_head;
                for (auto& [name, value] : head->headers) spec.headers.push_back({std::move(name), std::move(value)});
                spec.keep_alive = request.keep_alive;
                if (request.is_head || body_forbidden(spec.status)) {
                    spec.framing = http::BodyFraming::none;
                } else if (head->body_complete) {
                    spec.framing = http::BodyFraming::content_length;
                    spec.content_length = head->content_length;
                } else if (request.version_minor >= 1) {
                    spec.framing = http::BodyFraming::chunked;
                    streaming = true;
                } else {
                    spec.framing = http::BodyFraming::close_delimited;
                    spec.keep_alive = false;
                    streaming = true;
                }
                result.status = spec.status;
                result.keep_alive = spec.keep_alive;
                if (streaming) {
                    if (!co_await write_head(io, spec, {}, *worker, result)) response_done = true;
                    head_sent = true;
                }
                break;
            }
            case ipc::FrameType::response_body:
                if (response_done || spec.framing == http::BodyFraming::none) break;
                if (!streaming) {
                    pending.append(frame->payload);
                } else if (spec.framing == http::BodyFraming::chunked) {
                    if (!frame->payload.empty()) {
                        std::string chunk = http::chunk_prefix(frame->payload.size());
                        chunk.append(frame->payload).append(http::chunk_suffix);
                        if (!co_await io.write(chunk)) result.keep_alive = false;
                    }
                } else if (!co_await io.write(frame->payload)) {
                    result.keep_alive = false;
                }
                break;
            case ipc::FrameType::response_end:
                if (response_done) break;
                response_done = true;
                if (!streaming) {
                    co_await write_head(io, spec, pending, *worker, result);
                    head_sent = true;
                } else if (spec.framing == http::BodyFraming::chunked) {
                    if (!co_await io.write(http::last_chunk)) result.keep_alive = false;
                }
                break;
            case ipc::FrameType::request_done: {
                deadline.cancel();
                auto done = ipc::decode_request_done(frame->payload);
                if (!done) {
                    worker_failed = true;
                    break;
                }
                pool.finish(worker, *done);
                if (!response_done) result.keep_alive = false;
                co_return result;
            }
            default:
                worker_failed = true;
                break;
        }
    }

    // The worker died or broke the protocol mid-request.
    deadline.cancel();
    pool.abandon(worker, timed_out ? policy::RequestOutcome::timeout : policy::RequestOutcome::crashed);
    if (!head_sent) {
        const int status = timed_out ? 504 : 502;
        result.status = status;
        // Keep the connection only if the whole request body was read from it.
        result.keep_alive = body == BodyTransfer::complete && request.keep_alive;
        // (a named view: GCC 12 rejects string-literal temporaries inside co_await expressions)
        const std::string response =
            http::simple_response(status, result.keep_alive, timed_out ? std::string_view("Gateway Timeout\n")
                                                                       : std::string_view("Bad Gateway\n"));
        co_await io.write(response);
    } else {
        result.keep_alive = false;  // a truncated body must not look complete: close
    }
    co_return result;
}

}  // namespace runtime::net
