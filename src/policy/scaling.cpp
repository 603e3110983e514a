#include "runtime/policy/scaling.hpp"

#include <algorithm>

namespace runtime::policy {
namespace {

ScaleDecision resize(ScaleDirection direction, ScaleReason reason, std::size_t target) {
    return ScaleDecision{.direction = direction, .reason = reason, .target = target, .observed = 0, .limit = 0};
}

// Pressure counts from the later of its start and the last scale-up: the workers just added
// get up_after to absorb it before more are asked for.
bool sustained_pressure(const PoolLoad& load, const ScalingTuning& tuning, TimePoint now) {
    if (!load.pressure_since) return false;
    TimePoint from = *load.pressure_since;
    if (load.last_scale_up) from = std::max(from, *load.last_scale_up);
    return now - from >= tuning.up_after;
}

ScaleDecision scale_up(const PoolLoad& load, const ScalingTuning& tuning) {
    // Waiting requests each want a worker; a busy pool without a queue gets one more.
    const std::size_t room = tuning.max_workers - load.target;
    std::size_t add = load.queue_depth > 0 ? std::min(load.queue_depth, room) : 1;
    const ScaleReason reason = load.queue_depth > 0 ? ScaleReason::queue : ScaleReason::busy;
    if (tuning.memory_budget_bytes > 0 && load.worker_rss_bytes > 0) {
        const std::uint64_t room_bytes =
            tuning.memory_budget_bytes > load.pool_rss_bytes ? tuning.memory_budget_bytes - load.pool_rss_bytes : 0;
        add = std::min<std::uint64_t>(add, room_bytes / load.worker_rss_bytes);
        if (add == 0) {
            return ScaleDecision{.direction = ScaleDirection::refused,
                                 .reason = ScaleReason::memory_budget,
                                 .target = load.target,
                                 .observed = load.pool_rss_bytes + load.worker_rss_bytes,
                                 .limit = tuning.memory_budget_bytes};
        }
    }
    return resize(ScaleDirection::up, reason, load.target + add);
}

std::size_t surplus_idle(const PoolLoad& load, const ScalingTuning& tuning, TimePoint now) {
    const auto expired = std::count_if(load.idle_since.begin(), load.idle_since.end(),
                                       [&](TimePoint since) { return now - since >= tuning.idle_after; });
    return std::min(static_cast<std::size_t>(expired), load.target - tuning.min_workers);
}

}  // namespace

ScaleDecision decide_scale(const PoolLoad& load, const ScalingTuning& tuning, TimePoint now) noexcept {
    const ScaleDecision hold = resize(ScaleDirection::hold, ScaleReason::none, load.target);
    if (tuning.min_workers > tuning.max_workers) return hold;  // invalid settings: leave the pool alone
    if (load.target < tuning.min_workers)
        return resize(ScaleDirection::up, ScaleReason::min_workers, tuning.min_workers);
    if (load.target > tuning.max_workers)
        return resize(ScaleDirection::down, ScaleReason::max_workers, tuning.max_workers);

    if (load.pressure_since || load.queue_depth > 0) {
        // Workers still booting will take the pressure first; the pool never shrinks under it.
        if (load.starting > 0 || load.target >= tuning.max_workers || !sustained_pressure(load, tuning, now))
            return hold;
        return scale_up(load, tuning);
    }
    if (load.target <= tuning.min_workers) return hold;
    if (load.last_scale_up && now - *load.last_scale_up < tuning.cooldown) return hold;
    const std::size_t remove = surplus_idle(load, tuning, now);
    if (remove == 0) return hold;
    return resize(ScaleDirection::down, ScaleReason::idle, load.target - remove);
}

std::string_view to_string(ScaleDirection direction) noexcept {
    switch (direction) {
        case ScaleDirection::hold: return "hold";
        case ScaleDirection::up: return "up";
        case ScaleDirection::down: return "down";
        case ScaleDirection::refused: return "refused";
    }
    return "unknown";
}

std::string_view to_string(ScaleReason reason) noexcept {
    switch (reason) {
        case ScaleReason::none: return "none";
        case ScaleReason::queue: return "queue";
        case ScaleReason::busy: return "busy";
        case ScaleReason::idle: return "idle";
        case ScaleReason::min_workers: return "min_workers";
        case ScaleReason::max_workers: return "max_workers";
        case ScaleReason::memory_budget: return "memory_budget";
    }
    return "unknown";
}

}  // namespace runtime::policy
