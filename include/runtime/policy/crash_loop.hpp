#pragma once
// Crash-loop detector (like php-fpm's emergency_restart_threshold/interval): when
// crash_loop_threshold failures happen within crash_loop_interval the pool is failing
// (readiness false) until a worker has stayed up for the stable period.
#include <chrono>
#include <cstdint>
#include <deque>

#include "runtime/policy/respawn_tuning.hpp"
#include "runtime/policy/stability.hpp"

namespace runtime::policy {

class CrashLoopDetector {
public:
    explicit CrashLoopDetector(const RespawnTuning& tuning = {});

    void on_failure(TimePoint now);
    void on_boot_success(TimePoint now) noexcept;

    [[nodiscard]] bool failing(TimePoint now) const noexcept;
    // Failures inside the interval ending at the last failure (capped at the threshold).
    [[nodiscard]] std::size_t recent_failures() const noexcept { return failures_.size(); }

private:
    std::uint32_t threshold_;
    std::chrono::seconds interval_;
    StabilityTracker stability_;
    std::deque<TimePoint> failures_;  // at most threshold_ entries, oldest first
    bool tripped_ = false;
};

}  // namespace runtime::policy
