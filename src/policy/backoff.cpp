#include "runtime/policy/backoff.hpp"

#include <algorithm>

namespace runtime::policy {
namespace {

using std::chrono::milliseconds;

// 2^20 * initial_delay is far beyond any sensible cap; stop doubling there to avoid overflow.
constexpr std::uint32_t max_doublings = 20;

}  // namespace

BackoffState::BackoffState(const config::PolicySettings& settings, const RespawnTuning& tuning)
    : initial_delay_(tuning.initial_delay),
      max_delay_(std::chrono::duration_cast<milliseconds>(settings.backoff_max)),
      stability_(std::chrono::duration_cast<milliseconds>(tuning.stable_period)) {}

void BackoffState::on_failure(SpawnFailure kind, TimePoint now) noexcept {
    if (stability_.stable(now)) streak_ = 0;
    stability_.on_failure();
    last_failure_ = kind;
    // Workers lost while the pool is still waiting are part of the same incident.
    if (streak_ > 0 && now < spawn_allowed_at_) return;
    ++streak_;
    spawn_allowed_at_ = now + delay_for_streak(streak_);
}

void BackoffState::on_boot_success(TimePoint now) noexcept { stability_.on_boot_success(now); }

milliseconds BackoffState::next_delay(TimePoint now) const noexcept {
    if (streak(now) == 0 || now >= spawn_allowed_at_) return milliseconds{0};
    // Round up so that waiting the returned delay always reaches spawn_allowed_at_.
    return std::chrono::ceil<milliseconds>(spawn_allowed_at_ - now);
}

std::uint32_t BackoffState::streak(TimePoint now) const noexcept {
    return stability_.stable(now) ? 0 : streak_;
}

milliseconds BackoffState::delay_for_streak(std::uint32_t streak) const noexcept {
    if (streak == 0 || max_delay_.count() <= 0) return milliseconds{0};
    const std::uint32_t doublings = std::min(streak - 1, max_doublings);
    return std::min(initial_delay_ * (std::int64_t{1} << doublings), max_delay_);
}

}  // namespace runtime::policy
