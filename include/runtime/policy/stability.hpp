#pragma once
// Tracks whether the pool has been stable: a worker booted after the last failure and
// has stayed up for the stable period. Shared by the backoff and the crash-loop detector.
#include <chrono>
#include <optional>

#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

class StabilityTracker {
public:
    explicit StabilityTracker(std::chrono::milliseconds stable_period) noexcept
        : stable_period_(stable_period) {}

    void on_failure() noexcept;
    void on_boot_success(TimePoint now) noexcept;

    // True when no failure was ever seen, or when the first boot success after the last
    // failure is at least stable_period old.
    [[nodiscard]] bool stable(TimePoint now) const noexcept;

private:
    std::chrono::milliseconds stable_period_;
    bool failed_ = false;
    std::optional<TimePoint> first_boot_after_failure_;
};

}  // namespace runtime::policy
