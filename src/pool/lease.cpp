#include "runtime/pool/lease.hpp"

#include <utility>

#include "runtime/policy/deadlines.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::pool {

Lease::Lease(Pool& pool, std::weak_ptr<void> pool_alive, std::shared_ptr<Worker> worker,
             std::optional<policy::Admission> rejection, std::chrono::steady_clock::duration waited)
    : pool_(&pool),
      pool_alive_(std::move(pool_alive)),
      worker_(std::move(worker)),
      rejection_(std::move(rejection)),
      waited_(waited) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      pool_alive_(std::move(other.pool_alive_)),
      worker_(std::exchange(other.worker_, nullptr)),
      rejection_(std::move(other.rejection_)),
      waited_(other.waited_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        if (worker_) abandon(RequestOutcome::crashed);
        pool_ = other.pool_;
        pool_alive_ = std::move(other.pool_alive_);
        worker_ = std::exchange(other.worker_, nullptr);
        rejection_ = std::move(other.rejection_);
        waited_ = other.waited_;
    }
    return *this;
}

Lease::~Lease() {
    if (worker_) abandon(RequestOutcome::crashed);
}

Pool* Lease::live_pool() const { return pool_alive_.expired() ? nullptr : pool_; }

std::optional<std::chrono::steady_clock::time_point> Lease::begin(LeasedRequest request) {
    Worker& w = *worker_;
    w.current_method = std::move(request.method);
    w.current_uri = std::move(request.uri);
    w.current_request_id = request.request_id;
    w.request_content_length = request.content_length;
    w.request_started_at = std::chrono::steady_clock::now();
    Pool* pool = live_pool();
    return pool ? policy::exec_deadline(w.request_started_at, pool->settings().policy) : std::nullopt;
}

void Lease::finish(const ipc::RequestDone& done) {
    if (!worker_) return;
    worker_->php_peak_bytes = done.php_peak_bytes;
    worker_->last_request_duration = std::chrono::steady_clock::now() - worker_->request_started_at;
    auto worker = std::exchange(worker_, nullptr);
    if (Pool* pool = live_pool()) pool->finish(worker, done);
}

void Lease::response_ended() {
    if (worker_) worker_->response_ended_at = std::chrono::steady_clock::now();
}

bool Lease::hand_over(std::chrono::steady_clock::time_point exchange_started) {
    Pool* pool = live_pool();
    if (!worker_ || !pool) return false;
    worker_->owed_report = OwedReport{worker_->current_uri, exchange_started, worker_->request_started_at};
    if (!pool->hand_over(worker_)) {
        worker_->owed_report.reset();
        return false;
    }
    worker_ = nullptr;
    return true;
}

bool Lease::settle(const ipc::RequestDone& done) {
    if (!worker_ || !worker_->owed_report) return true;
    const OwedReport owed = *std::exchange(worker_->owed_report, std::nullopt);
    worker_->php_peak_bytes = done.php_peak_bytes;
    worker_->last_request_duration = std::chrono::steady_clock::now() - owed.request_started;
    Pool* pool = live_pool();
    if (!pool || pool->settle_report(worker_, done)) return true;
    worker_ = nullptr;  // it exits on its own; retire() has recorded why
    return false;
}

void Lease::release_unused() {
    auto worker = std::exchange(worker_, nullptr);
    if (!worker) return;
    if (Pool* pool = live_pool()) pool->release_unused(worker);
}

void Lease::abandon(RequestOutcome outcome) {
    auto worker = std::exchange(worker_, nullptr);
    if (!worker) return;
    // Lost before its report on the previous request: that request is the one it was running.
    if (worker->owed_report) worker->current_uri = std::exchange(worker->owed_report, std::nullopt)->uri;
    if (Pool* pool = live_pool()) pool->abandon(worker, outcome);
}

void Lease::kill_for_timeout() {
    if (!worker_) return;
    if (Pool* pool = live_pool()) pool->kill_for_timeout(worker_);
}

}  // namespace runtime::pool
