// Elastic pools: the pool's side of the scaling policy (policy/scaling.hpp). It measures the
// load, asks decide_scale() and carries out the decision: a new target, spawned workers or
// retired idle ones, a log line and the runtime_pool_scale_total counter.
#include <algorithm>

#include "runtime/obs/log.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::pool {

using Clock = std::chrono::steady_clock;
namespace lvl = spdlog::level;

// Short enough that up_after (default 1s) is honoured closely; the check is a walk over the
// pool's workers, cheap at this rate.
constexpr std::chrono::milliseconds scaling_check_interval{100};

namespace {

policy::TimePoint idle_since(const Worker& w) { return w.last_request_finished_at.value_or(w.ready_at); }

std::string mebibytes(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + "MiB"; }

}  // namespace

void Pool::schedule_scaling_check() {
    scaling_timer_.expires_after(scaling_check_interval);
    scaling_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || shutting_down_) return;
        check_scaling();
        schedule_scaling_check();
    });
}

policy::PoolLoad Pool::current_load(std::vector<policy::TimePoint>& idle) const {
    const PoolStatus s = status();
    policy::PoolLoad load;
    load.target = target_;
    load.starting = s.starting;
    load.queue_depth = s.queue_depth;
    load.pressure_since = pressure_.since();
    load.last_scale_up = last_scale_up_;
    std::size_t unmeasured = 0;
    for (const auto& [id, w] : table_) {
        if (w->state() == WorkerState::idle) idle.push_back(idle_since(*w));
        load.pool_rss_bytes += w->rss_bytes;
        load.worker_rss_bytes = std::max(load.worker_rss_bytes, w->rss_bytes);
        if (w->rss_bytes == 0) ++unmeasured;
    }
    // A booting worker will soon weigh as much as the largest one.
    load.pool_rss_bytes += unmeasured * load.worker_rss_bytes;
    load.idle_since = idle;
    return load;
}

void Pool::check_scaling() {
    if (reload_plan_ || shutting_down_) return;  // a rolling reload sizes the pool itself
    const PoolStatus s = status();
    pressure_.observe(policy::under_pressure(s.queue_depth, s.idle, s.busy, s.starting), Clock::now());
    if (!pressure_.since()) budget_refusal_reported_ = false;
    std::vector<policy::TimePoint> idle;
    const policy::PoolLoad load = current_load(idle);
    const policy::ScaleDecision decision = policy::decide_scale(load, scaling_tuning(settings_), Clock::now());
    apply_scale(decision, s.queue_depth);
}

void Pool::apply_scale(const policy::ScaleDecision& decision, std::size_t queue_depth) {
    switch (decision.direction) {
        case policy::ScaleDirection::hold: return;
        case policy::ScaleDirection::refused:
            if (budget_refusal_reported_) return;
            budget_refusal_reported_ = true;
            obs::log(lvl::warn,
                     "pool {}: not scaling up past {} workers: one more would exceed the memory budget ({} with it, "
                     "budget {}; {} requests waiting)",
                     settings_.name, target_, mebibytes(decision.observed), mebibytes(decision.limit), queue_depth);
            report_scale(decision);
            return;
        case policy::ScaleDirection::up: {
            obs::log(lvl::info, "pool {}: scaling up from {} to {} workers, reason={} ({} requests waiting)",
                     settings_.name, target_, decision.target, policy::to_string(decision.reason), queue_depth);
            target_ = decision.target;
            last_scale_up_ = Clock::now();
            budget_refusal_reported_ = false;
            report_scale(decision);
            spawn_replacements();
            return;
        }
        case policy::ScaleDirection::down: {
            obs::log(lvl::info, "pool {}: scaling down from {} to {} workers, reason={}", settings_.name, target_,
                     decision.target, policy::to_string(decision.reason));
            const std::size_t surplus = target_ - decision.target;
            target_ = decision.target;
            report_scale(decision);
            retire_surplus_idle(surplus);
            return;
        }
    }
}

void Pool::retire_surplus_idle(std::size_t count) {
    // The longest idle go first; busy workers are never interrupted (a new settings' lower
    // max_workers lets the rest leave as they become idle and time out).
    std::vector<std::shared_ptr<Worker>> candidates;
    for (const auto& w : dispatcher_.idle()) candidates.push_back(w);
    std::sort(candidates.begin(), candidates.end(),
              [](const auto& a, const auto& b) { return idle_since(*a) < idle_since(*b); });
    candidates.resize(std::min(count, candidates.size()));
    for (const auto& w : candidates) retire(w, policy::RetireReason::scale_down);
}

void Pool::report_scale(const policy::ScaleDecision& decision) {
    metrics_.pool_scaled(settings_.name, policy::to_string(decision.direction), policy::to_string(decision.reason));
    metrics_.set_target_workers(settings_.name, static_cast<double>(target_));
}

}  // namespace runtime::pool
