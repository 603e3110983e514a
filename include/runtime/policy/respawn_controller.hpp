#pragma once
// One pool's respawn state: backoff and crash-loop detection fed by the same events,
// so the pool cannot forget to tell one of them.
#include <chrono>
#include <optional>

#include "runtime/config/settings.hpp"
#include "runtime/policy/backoff.hpp"
#include "runtime/policy/crash_loop.hpp"
#include "runtime/policy/retire_reason.hpp"

namespace runtime::policy {

// The respawn failure a retirement stands for: crash and boot_failure slow respawning
// down; every other reason is a normal recycle and returns nothing.
std::optional<SpawnFailure> spawn_failure_for(RetireReason reason) noexcept;

class RespawnController {
public:
    explicit RespawnController(const config::PolicySettings& settings, const RespawnTuning& tuning = {});

    // Feed every retirement; normal recycles are ignored. A crash of a worker that had booted
    // (`had_booted`: it was killed or died while serving) proves the application starts: it
    // counts for crash-loop detection but does not slow the respawn down, so an external
    // kill -9 every second does not starve the pool. Boot failures always back off.
    void on_retired(RetireReason reason, TimePoint now, bool had_booted = false);
    void on_boot_success(TimePoint now) noexcept;

    [[nodiscard]] std::chrono::milliseconds next_delay(TimePoint now) const noexcept {
        return backoff_.next_delay(now);
    }
    // False while a crash loop is detected: report the pool not ready.
    [[nodiscard]] bool ready(TimePoint now) const noexcept { return !crash_loop_.failing(now); }

    [[nodiscard]] const BackoffState& backoff() const noexcept { return backoff_; }
    [[nodiscard]] const CrashLoopDetector& crash_loop() const noexcept { return crash_loop_; }

private:
    BackoffState backoff_;
    CrashLoopDetector crash_loop_;
};

}  // namespace runtime::policy
