#include "runtime/dispatch/worker_exchange.hpp"

#include <boost/asio/this_coro.hpp>

#include "exchange_observer.hpp"
#include "runtime/dispatch/deadline.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::dispatch {

namespace {

std::uint64_t next_request_id() {
    static std::uint64_t id = 0;
    return ++id;
}

enum class BodyTransfer { complete, client_failed, worker_failed };

// Streams the request body into the worker as the client sends it.
asio::awaitable<BodyTransfer> send_body(ipc::WorkerLink& link, const BodySource& next_body) {
    for (;;) {
        BodyPiece piece = co_await next_body();
        if (piece.kind == BodyPiece::failed) co_return BodyTransfer::client_failed;
        if (piece.kind == BodyPiece::end) co_return BodyTransfer::complete;
        if (!co_await link.write(ipc::encode_frame(ipc::FrameType::request_body, piece.bytes)))
            co_return BodyTransfer::worker_failed;
    }
}

}  // namespace

asio::awaitable<ExchangeOutcome> exchange_with_worker(pool::Pool& pool, ExchangeRequest request,
                                                      const BodySource& next_body, ResponseSink& sink) {
    const auto started = std::chrono::steady_clock::now();
    // An HTTP/2 stream can be reset while queued: no worker is spent on it.
    if (sink.client_gone()) co_return ExchangeOutcome{};
    pool::Lease lease = co_await pool.acquire();
    if (!lease) {
        ExchangeFailure refused{503, lease.rejection() ? lease.rejection()->retry_after : std::chrono::seconds(1),
                                false};
        co_await sink.fail(refused);
        co_return ExchangeOutcome{};
    }
    if (sink.client_gone()) {
        lease.release_unused();
        co_return ExchangeOutcome{};
    }
    const ExchangeOutcome outcome{lease.pid()};
    request.head.id = next_request_id();
    const auto timeout_at =
        lease.begin(pool::LeasedRequest{request.method, request.target, request.head.content_length, request.head.id});
    auto& link = lease.link();

    // Request timeout: the worker is killed, its socket closes, the reads below fail.
    Deadline deadline(co_await asio::this_coro::executor);
    if (timeout_at) deadline.arm(*timeout_at, [&lease] { lease.kill_for_timeout(); });

    // A bodiless request (most are) leaves in one write: head and end together.
    std::string head_frames = ipc::encode_frame(ipc::FrameType::request_head, ipc::encode(request.head));
    if (!request.has_body) ipc::append_frame(head_frames, ipc::FrameType::request_end, {});
    bool worker_failed = !co_await link.write(std::move(head_frames));
    BodyTransfer body = BodyTransfer::complete;
    if (!worker_failed && request.has_body) body = co_await send_body(link, next_body);
    const bool client_ok = body != BodyTransfer::client_failed;
    worker_failed = worker_failed || body == BodyTransfer::worker_failed;
    if (!worker_failed && request.has_body) {
        const std::uint8_t aborted = client_ok ? 0 : 1;
        worker_failed = !co_await link.write(ipc::encode_frame(ipc::FrameType::request_end, {}, aborted));
    }
    if (!client_ok && !worker_failed) {
        // The worker drops a request whose body was cut short without running PHP.
        deadline.disarm();
        lease.release_unused();
        co_await sink.abort();
        co_return outcome;
    }

    bool response_ended = false;
    bool worker_told = false;  // client_aborted sent: the worker stops, the rest is discarded
    while (!worker_failed) {
        if (!worker_told && sink.client_gone()) {
            // Frames up to request_done are still read (and dropped by the sink), so the worker
            // goes back to the pool as soon as PHP is done, not at the request timeout.
            worker_told = true;
            obs::log(spdlog::level::debug, "client of {} {} left mid-response: telling worker pid={}", request.method,
                     request.target, lease.pid());
            worker_failed = !co_await link.write(ipc::encode_frame(ipc::FrameType::client_aborted, {}));
            if (worker_failed) break;
        }
        auto frame = co_await link.read();
        if (!frame) break;
        switch (frame->type) {
            case ipc::FrameType::response_head: {
                auto head = ipc::decode_response_head(frame->payload);
                if (!head) {
                    worker_failed = true;
                    break;
                }
                co_await sink.head(*head);
                break;
            }
            case ipc::FrameType::early_hints: {
                // Small and advisory: a malformed one is dropped, not a worker failure.
                if (auto hints = ipc::decode_early_hints(frame->payload); hints && !response_ended)
                    co_await sink.early_hints(*hints);
                break;
            }
            case ipc::FrameType::response_body:
                if (!response_ended) co_await sink.body(frame->payload);
                break;
            case ipc::FrameType::response_end:
                if (response_ended) break;
                response_ended = true;
                co_await sink.end();
                break;
            case ipc::FrameType::request_done: {
                deadline.disarm();
                auto done = ipc::decode_request_done(frame->payload);
                if (!done) {
                    worker_failed = true;
                    break;
                }
                observe_request_done(pool, lease.worker(), *done, std::chrono::steady_clock::now() - started);
                lease.finish(*done);
                if (!response_ended) co_await sink.abort();
                co_return outcome;
            }
            default: worker_failed = true; break;
        }
    }

    // The worker died or broke the protocol mid-request.
    const bool timed_out = deadline.disarm();
    observe_request_lost(pool, std::chrono::steady_clock::now() - started);
    lease.abandon(timed_out ? RequestOutcome::timeout : RequestOutcome::crashed);
    ExchangeFailure failure{timed_out ? 504 : 502, std::chrono::seconds(0), body == BodyTransfer::complete};
    co_await sink.fail(failure);
    co_return outcome;
}

}  // namespace runtime::dispatch
