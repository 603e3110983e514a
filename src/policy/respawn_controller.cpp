#include "runtime/policy/respawn_controller.hpp"

namespace runtime::policy {

std::optional<SpawnFailure> spawn_failure_for(RetireReason reason) noexcept {
    switch (reason) {
        case RetireReason::crash: return SpawnFailure::crash;
        case RetireReason::boot_failure: return SpawnFailure::boot_failure;
        default: return std::nullopt;
    }
}

RespawnController::RespawnController(const config::PolicySettings& settings, const RespawnTuning& tuning)
    : backoff_(settings, tuning), crash_loop_(tuning) {}

void RespawnController::on_retired(RetireReason reason, TimePoint now, bool had_booted) {
    const std::optional<SpawnFailure> failure = spawn_failure_for(reason);
    if (!failure) return;
    if (!(had_booted && *failure == SpawnFailure::crash)) backoff_.on_failure(*failure, now);
    crash_loop_.on_failure(now);
}

void RespawnController::on_boot_success(TimePoint now) noexcept {
    backoff_.on_boot_success(now);
    crash_loop_.on_boot_success(now);
}

}  // namespace runtime::policy
