#pragma once
// Respawn tuning that PolicySettings does not carry (yet); the defaults are the documented
// behaviour. backoff_max itself comes from PolicySettings.
#include <chrono>
#include <cstdint>

namespace runtime::policy {

struct RespawnTuning {
    std::chrono::milliseconds initial_delay{100};  // delay after the first failure of a streak
    std::chrono::seconds stable_period{10};        // a worker up this long ends the failure streak
    std::uint32_t crash_loop_threshold = 10;       // failures within crash_loop_interval; 0 = off
    std::chrono::seconds crash_loop_interval{60};
};

// The kinds of worker loss that slow respawning down. Normal retirements (max_requests,
// ttl, memory, reload, ...) are not failures: their replacement is spawned at once.
enum class SpawnFailure {
    crash,         // the process died unexpectedly (signal, abort, unexpected exit)
    boot_failure,  // the worker exited or timed out before becoming ready
};

}  // namespace runtime::policy
