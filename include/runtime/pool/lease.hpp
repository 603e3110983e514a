#pragma once
// One request's hold on a worker: what dispatch/ gets from Pool::acquire(). It is the only way
// to reach a leased worker, and it ends exactly once, by finish(), release_unused(),
// abandon(), hand_over() or a settle() that finds the worker exiting; a lease dropped without
// any of them abandons the worker as crashed (its state is unknown, it must not serve again).
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "runtime/ipc/messages.hpp"
#include "runtime/ipc/worker_link.hpp"
#include "runtime/policy/admission.hpp"
#include "runtime/pool/worker.hpp"

namespace runtime::pool {

class Pool;

// What the worker serves, for /status, crash logs and log fields.
struct LeasedRequest {
    std::string method;
    std::string uri;
    std::int64_t content_length = 0;  // -1: chunked
    std::uint64_t request_id = 0;
};

class Lease {
public:
    Lease() = default;
    Lease(Pool& pool, std::weak_ptr<void> pool_alive, std::shared_ptr<Worker> worker,
          std::optional<policy::Admission> rejection, std::chrono::steady_clock::duration waited);
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    // A worker is held.
    explicit operator bool() const { return worker_ != nullptr; }
    // Why no worker was given (queue full, timed out, pool unavailable).
    const std::optional<policy::Admission>& rejection() const { return rejection_; }
    std::chrono::steady_clock::duration waited() const { return waited_; }

    pid_t pid() const { return worker_->pid; }
    const Worker& worker() const { return *worker_; }
    ipc::WorkerLink& link() { return *worker_->link; }

    // The request is handed to the worker now. Returns when it exceeds the request timeout
    // (nullopt: no timeout).
    std::optional<std::chrono::steady_clock::time_point> begin(LeasedRequest request);
    // The worker reported the end of the request: the policy decides whether it continues.
    void finish(const ipc::RequestDone& done);
    // The worker never ran the request (the client's body was cut short): idle again.
    void release_unused();
    // The request ended without a report (crash, timeout, protocol error): the worker goes.
    void abandon(RequestOutcome outcome);
    // The worker sent response_end: what follows until its report is the turnaround
    // (terminate listeners, reset), which the pool watches for slow ones.
    void response_ended();
    // Turnaround hiding, when the response is complete and the report not yet read: the next
    // waiting request takes the worker now and reads that report (settle()). Returns whether
    // it did; if so this lease has ended.
    bool hand_over(std::chrono::steady_clock::time_point exchange_started);
    // The worker was handed over with the previous request's report still to read.
    bool owes_report() const { return worker_ && worker_->owed_report.has_value(); }
    // The previous request's uri and times, while owes_report().
    const OwedReport& owed_report() const { return *worker_->owed_report; }
    // That report arrived. Returns false when the worker exits without reading this lease's
    // request: the lease has then ended and the request may go to another worker.
    bool settle(const ipc::RequestDone& done);
    // The request timeout passed: SIGKILL. The lease is still held; the exchange sees the
    // worker's socket close and abandons it.
    void kill_for_timeout();

private:
    Pool* live_pool() const;

    Pool* pool_ = nullptr;
    std::weak_ptr<void> pool_alive_;  // coroutine frames can outlive the pool at exit
    std::shared_ptr<Worker> worker_;
    std::optional<policy::Admission> rejection_;
    std::chrono::steady_clock::duration waited_{};
};

}  // namespace runtime::pool
