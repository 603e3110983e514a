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

enum class Settled { continues, requeue };

// Turnaround hiding: this lease took the worker before its report on the previous request,
// and that report comes first on the link. Without it (the worker died or was killed in its
// reset, or sent something else) the worker never read this request, so another may serve it.
asio::awaitable<Settled> settle_previous(pool::Pool& pool, pool::Lease& lease, Deadline& deadline) {
    auto frame = co_await lease.link().read();
    std::optional<ipc::RequestDone> done;
    if (frame && frame->type == ipc::FrameType::request_done) {
        if (auto decoded = ipc::decode_request_done(frame->payload)) done = std::move(decoded.value());
    }
    if (!done) {
        const bool timed_out = deadline.disarm();
        lease.abandon(timed_out ? RequestOutcome::timeout : RequestOutcome::crashed);
        co_return Settled::requeue;
    }
    const pool::OwedReport& owed = lease.owed_report();
    observe_request_done(pool, lease.worker(), *done, std::chrono::steady_clock::now() - owed.exchange_started,
                         owed.uri);
    if (lease.settle(*done)) co_return Settled::continues;
    deadline.disarm();
    co_return Settled::requeue;
}

}  // namespace

asio::awaitable<ExchangeOutcome> exchange_with_worker(pool::Pool& pool, ExchangeRequest request,
                                                      const BodySource& next_body, ResponseSink& sink) {
    const auto started = std::chrono::steady_clock::now();
    // An HTTP/2 stream can be reset while queued: no worker is spent on it.
    if (sink.client_gone()) co_return ExchangeOutcome{};
    request.head.id = next_request_id();
    // A bodiless request (most are) leaves in one write, head and end together, and can be
    // sent again: it may take a worker still resetting after its previous request.
    pool::AcquireOptions acquire_options{!request.has_body, false};
    for (;;) {
        pool::Lease lease = co_await pool.acquire(acquire_options);
        if (!lease) {
            ExchangeFailure refused{503, lease.rejection() ? lease.rejection()->retry_after : std::chrono::seconds(1),
                                    false};
            co_await sink.fail(refused);
            co_return ExchangeOutcome{};
        }
        Deadline deadline(co_await asio::this_coro::executor);
        if (sink.client_gone()) {
            if (!lease.owes_report() || co_await settle_previous(pool, lease, deadline) == Settled::continues)
                lease.release_unused();
            co_return ExchangeOutcome{};
        }
        const ExchangeOutcome outcome{lease.pid()};
        const auto timeout_at = lease.begin(
            pool::LeasedRequest{request.method, request.target, request.head.content_length, request.head.id});
        auto& link = lease.link();

        // Request timeout: the worker is killed, its socket closes, the reads below fail.
        if (timeout_at) deadline.arm(*timeout_at, [&lease] { lease.kill_for_timeout(); });

        std::string head_frames = ipc::encode_frame(ipc::FrameType::request_head, ipc::encode(request.head));
        if (!request.has_body) ipc::append_frame(head_frames, ipc::FrameType::request_end, {});
        bool worker_failed = !co_await link.write(std::move(head_frames));
        if (lease.owes_report()) {
            const Settled settled = co_await settle_previous(pool, lease, deadline);
            if (settled == Settled::requeue || worker_failed) {
                obs::log(spdlog::level::info,
                         "pool {}: worker pid={} ended after its previous request; {} {} goes back to the queue",
                         pool.settings().name, outcome.worker_pid, request.method, request.target);
                if (lease) lease.abandon(RequestOutcome::crashed);  // the head never reached it
                acquire_options = pool::AcquireOptions{false, true};
                continue;
            }
        }
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
                obs::log(spdlog::level::debug, "client of {} {} left mid-response: telling worker pid={}",
                         request.method, request.target, lease.pid());
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
                    lease.response_ended();
                    // Turnaround hiding: while the worker resets, the next waiting request may
                    // take it and write its head; that request's exchange reads this report.
                    if (!worker_told && lease.hand_over(started)) {
                        deadline.disarm();
                        co_await sink.end();
                        co_return outcome;
                    }
                    co_await sink.end();
                    break;
                case ipc::FrameType::request_done: {
                    deadline.disarm();
                    auto done = ipc::decode_request_done(frame->payload);
                    if (!done) {
                        worker_failed = true;
                        break;
                    }
                    observe_request_done(pool, lease.worker(), *done, std::chrono::steady_clock::now() - started,
                                         lease.worker().current_uri);
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
}

}  // namespace runtime::dispatch
