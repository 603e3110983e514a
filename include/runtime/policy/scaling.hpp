#pragma once
// Elastic pool sizing: when to add workers (sustained pressure, within a memory budget) and
// when to remove idle ones, always between min_workers and max_workers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

struct ScalingTuning {
    std::size_t min_workers = 1;
    std::size_t max_workers = 1;
    Clock::duration up_after{};             // pressure must last this long before workers are added
    Clock::duration idle_after{};           // a worker idle this long is surplus
    Clock::duration cooldown{};             // no scale-down this soon after a scale-up
    std::uint64_t memory_budget_bytes = 0;  // summed worker RSS the pool may reach; 0 = off
};

// The pool's view when it asks whether to resize.
struct PoolLoad {
    std::size_t target = 0;                   // current target worker count
    std::size_t starting = 0;                 // workers booting now
    std::size_t queue_depth = 0;              // requests waiting for a worker
    std::optional<TimePoint> pressure_since;  // under_pressure() without a break since then
    std::span<const TimePoint> idle_since;    // one entry per idle worker
    std::optional<TimePoint> last_scale_up;
    std::uint64_t pool_rss_bytes = 0;    // all live workers (booting ones estimated)
    std::uint64_t worker_rss_bytes = 0;  // estimate for one more worker; 0 = not measured yet
};

enum class ScaleDirection { hold, up, down, refused };

enum class ScaleReason {
    none,
    queue,          // requests waited for a worker for up_after
    busy,           // every worker was busy for up_after
    idle,           // workers idle for idle_after
    min_workers,    // the target was below min_workers (new settings)
    max_workers,    // the target was above max_workers (new settings)
    memory_budget,  // refused: one more worker would exceed memory_budget
};

struct ScaleDecision {
    ScaleDirection direction = ScaleDirection::hold;
    ScaleReason reason = ScaleReason::none;
    std::size_t target = 0;      // the new target (the current one for hold and refused)
    std::uint64_t observed = 0;  // refused: the pool's RSS with one more worker
    std::uint64_t limit = 0;     // refused: the budget
};

ScaleDecision decide_scale(const PoolLoad& load, const ScalingTuning& tuning, TimePoint now) noexcept;

// Metric label values ("direction", "reason").
std::string_view to_string(ScaleDirection direction) noexcept;
std::string_view to_string(ScaleReason reason) noexcept;

// Requests wait or no worker is free, while no worker boots: booting workers take the load
// first, and a pool that is starting or growing is not short of workers yet.
constexpr bool under_pressure(std::size_t queue_depth, std::size_t idle, std::size_t busy,
                              std::size_t starting) noexcept {
    return starting == 0 && (queue_depth > 0 || (idle == 0 && busy > 0));
}

// Since when the pool has been under pressure (requests waiting or no idle worker), from the
// pool's state after each change.
class PressureTracker {
public:
    void observe(bool under_pressure, TimePoint now) noexcept {
        if (!under_pressure) {
            since_.reset();
        } else if (!since_) {
            since_ = now;
        }
    }
    [[nodiscard]] std::optional<TimePoint> since() const noexcept { return since_; }

private:
    std::optional<TimePoint> since_;
};

}  // namespace runtime::policy
