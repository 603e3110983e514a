#pragma once
// Respawn backoff: no delay after normal recycling; after crashes or boot failures in a row
// the delay starts at initial_delay and doubles up to backoff_max. The streak ends when a
// worker has stayed up for the stable period.
#include <chrono>
#include <cstdint>
#include <optional>

#include "runtime/config/settings.hpp"
#include "runtime/policy/respawn_tuning.hpp"
#include "runtime/policy/stability.hpp"

namespace runtime::policy {

class BackoffState {
public:
    explicit BackoffState(const config::PolicySettings& settings, const RespawnTuning& tuning = {});

    // A worker was lost to a crash or failed to boot. Failures that arrive while the current
    // delay is still running (several workers lost at once) do not lengthen the streak.
    void on_failure(SpawnFailure kind, TimePoint now) noexcept;
    void on_boot_success(TimePoint now) noexcept;

    // How long the pool must still wait before spawning; zero when it may spawn now.
    [[nodiscard]] std::chrono::milliseconds next_delay(TimePoint now) const noexcept;

    // Failures in a row counted so far; zero once the pool is stable again.
    [[nodiscard]] std::uint32_t streak(TimePoint now) const noexcept;
    [[nodiscard]] std::optional<SpawnFailure> last_failure() const noexcept { return last_failure_; }

private:
    [[nodiscard]] std::chrono::milliseconds delay_for_streak(std::uint32_t streak) const noexcept;

    std::chrono::milliseconds initial_delay_;
    std::chrono::milliseconds max_delay_;
    StabilityTracker stability_;
    std::uint32_t streak_ = 0;
    TimePoint spawn_allowed_at_{};
    std::optional<SpawnFailure> last_failure_;
};

}  // namespace runtime::policy
