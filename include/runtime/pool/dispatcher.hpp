#pragma once
// Hands idle workers to requests: a stack of idle workers (the most recently used on top, its
// caches are warmest) and a queue of requests waiting for one, with the admission rules of the
// policy engine. Knows nothing of processes: the pool offers workers that became ready.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/policy/admission.hpp"
#include "runtime/pool/worker_table.hpp"

namespace runtime::pool {

namespace asio = boost::asio;

// A worker for one request, or why none was given.
struct Handout {
    std::shared_ptr<Worker> worker;  // busy from now on; null when rejected
    std::optional<policy::Admission> rejection;
    std::chrono::steady_clock::duration waited{};
};

// What a request tells the dispatcher when it asks for a worker.
struct AcquireOptions {
    // Its request leaves in one write and can be sent again (it has no body): it may take a
    // worker still resetting after the previous request (turnaround hiding, Pool::hand_over).
    bool takes_worker_before_report = false;
    // Handed back unread by a worker that exited after that reset: first in line, admitted
    // already.
    bool requeued = false;
};

struct DispatchCounts {
    std::uint64_t accepted = 0;  // requests that asked for a worker
    std::size_t max_queue_depth = 0;
    std::uint64_t queue_rejections = 0;
};

class Dispatcher {
public:
    // May a request wait in the queue, given how many wait and since when the oldest?
    using AdmissionCheck = std::function<policy::Admission(std::size_t waiting, std::optional<policy::TimePoint> oldest,
                                                           policy::TimePoint now)>;
    // Called when the queue or the idle stack changed (gauges).
    using ChangeHandler = std::function<void()>;

    Dispatcher(asio::any_io_executor executor, WorkerTable& table, AdmissionCheck admit, ChangeHandler changed);
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // An idle worker now, else a place in the queue for at most queue_wait.
    asio::awaitable<Handout> acquire(std::chrono::steady_clock::duration queue_wait, AcquireOptions options = {});
    // A worker ready for a request (idle in the table): the oldest waiter takes it, or it
    // waits on the idle stack.
    void offer(const std::shared_ptr<Worker>& worker);
    // Turnaround hiding: the busy `worker` goes straight to the oldest waiter, if that one
    // takes a worker before its report. Returns whether it did; the worker stays busy.
    bool hand_over(const std::shared_ptr<Worker>& worker);
    // Off the idle stack (it retires).
    void withdraw(const Worker& worker);
    // Shutdown: every waiter gives up now.
    void release_waiters();

    const std::vector<std::shared_ptr<Worker>>& idle() const { return idle_; }
    std::size_t queue_depth() const { return waiters_.size(); }
    DispatchCounts counts() const { return counts_; }
    // Requests served without asking (direct dispatch) still count as accepted.
    void count_accepted(std::uint64_t requests) { counts_.accepted += requests; }

private:
    struct Waiter;
    Handout reject(const policy::Admission& admission, std::chrono::steady_clock::duration waited);

    asio::any_io_executor executor_;
    WorkerTable& table_;
    AdmissionCheck admit_;
    ChangeHandler changed_;
    std::vector<std::shared_ptr<Worker>> idle_;  // most recently used last
    std::deque<Waiter*> waiters_;
    DispatchCounts counts_;
};

}  // namespace runtime::pool
