#include "runtime/pool/dispatcher.hpp"

#include <algorithm>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace runtime::pool {

using Clock = std::chrono::steady_clock;

struct Dispatcher::Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(std::move(ex)) {}
    asio::steady_timer timer;
    Clock::time_point enqueued_at = Clock::now();
    bool takes_worker_before_report = false;
    std::shared_ptr<Worker> assigned;
};

Dispatcher::Dispatcher(asio::any_io_executor executor, WorkerTable& table, AdmissionCheck admit, ChangeHandler changed)
    : executor_(std::move(executor)), table_(table), admit_(std::move(admit)), changed_(std::move(changed)) {}

asio::awaitable<Handout> Dispatcher::acquire(Clock::duration queue_wait, AcquireOptions options) {
    const auto now = Clock::now();
    if (!options.requeued) ++counts_.accepted;
    while (!idle_.empty()) {
        auto w = std::move(idle_.back());
        idle_.pop_back();
        if (!table_.set_state(*w, WorkerState::busy)) continue;  // retired while idle
        changed_();
        co_return Handout{std::move(w), std::nullopt, {}};
    }
    std::optional<policy::TimePoint> oldest;
    if (!waiters_.empty()) oldest = waiters_.front()->enqueued_at;
    if (!options.requeued) {
        const policy::Admission admission = admit_(waiters_.size(), oldest, now);
        if (!admission.accepted) co_return reject(admission, {});
    }

    Waiter waiter(executor_);
    waiter.timer.expires_after(queue_wait);
    waiter.takes_worker_before_report = options.takes_worker_before_report;
    if (options.requeued) {
        waiters_.push_front(&waiter);
    } else {
        waiters_.push_back(&waiter);
    }
    counts_.max_queue_depth = std::max(counts_.max_queue_depth, waiters_.size());
    changed_();  // the queue depth, and the pressure that may grow an elastic pool
    boost::system::error_code ec;
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), &waiter), waiters_.end());
    changed_();
    const auto waited = Clock::now() - waiter.enqueued_at;
    if (waiter.assigned) co_return Handout{std::move(waiter.assigned), std::nullopt, waited};
    const policy::Admission timeout{
        false, policy::RejectReason::queue_timeout,
        std::chrono::duration_cast<std::chrono::seconds>(queue_wait) + std::chrono::seconds(1)};
    co_return reject(timeout, waited);
}

Handout Dispatcher::reject(const policy::Admission& admission, Clock::duration waited) {
    ++counts_.queue_rejections;
    return Handout{nullptr, admission, waited};
}

void Dispatcher::offer(const std::shared_ptr<Worker>& w) {
    if (w->state() != WorkerState::idle) return;
    if (!waiters_.empty()) {
        if (!table_.set_state(*w, WorkerState::busy)) return;
        Waiter* waiter = waiters_.front();
        waiters_.pop_front();
        waiter->assigned = w;
        waiter->timer.cancel();
        changed_();
        return;
    }
    if (std::find(idle_.begin(), idle_.end(), w) == idle_.end()) idle_.push_back(w);
    changed_();
}

bool Dispatcher::hand_over(const std::shared_ptr<Worker>& w) {
    if (w->state() != WorkerState::busy || waiters_.empty()) return false;
    Waiter* waiter = waiters_.front();
    // Never past an older request that cannot take it: the queue stays first come, first served.
    if (!waiter->takes_worker_before_report) return false;
    waiters_.pop_front();
    waiter->assigned = w;
    waiter->timer.cancel();
    changed_();
    return true;
}

void Dispatcher::withdraw(const Worker& w) {
    idle_.erase(std::remove_if(idle_.begin(), idle_.end(), [&](const auto& entry) { return entry.get() == &w; }),
                idle_.end());
}

void Dispatcher::release_waiters() {
    for (Waiter* waiter : waiters_) waiter->timer.cancel();
}

}  // namespace runtime::pool
