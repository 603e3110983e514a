#pragma once
// Rolling reload: new-generation workers boot first; old-generation workers are retired
// only as new ones become ready, so serving capacity never drops below the desired count.
#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

using WorkerId = std::uint64_t;

struct ReloadTuning {
    int max_surge_percent = 25;         // new workers booting at once, % of desired (>= 1 worker)
    int abort_after_boot_failures = 3;  // new-generation boot failures before the first one is ready; 0 = never abort
};

struct OldWorker {
    WorkerId id = 0;
    bool busy = false;
    TimePoint started_at{};
};

// The pool's view when it asks for the next step.
struct ReloadProgress {
    std::span<const OldWorker> old_workers;  // old generation, alive and not draining
    int new_booting = 0;                     // new generation, spawned, not ready
    int new_serving = 0;                     // new generation, ready or busy
    int new_boot_failures = 0;               // new generation boot failures so far
};

enum class ReloadStatus {
    in_progress,
    complete,  // every old worker has been told to retire; normal spawning takes over
    aborted,   // the new generation does not boot: keep the old one, drop the new
};

struct ReloadStep {
    int spawn_new = 0;              // new-generation workers to spawn now
    std::vector<WorkerId> retire;   // old workers to drain now (reason: reload), idle and oldest first
    ReloadStatus status = ReloadStatus::in_progress;
};

class ReloadPlan {
public:
    explicit ReloadPlan(int desired, const ReloadTuning& tuning = {});

    // Call whenever a new worker becomes ready, fails to boot, or an old worker leaves.
    // Idempotent for an unchanged progress: an old worker is never named twice.
    ReloadStep step(const ReloadProgress& progress);

    [[nodiscard]] ReloadStatus status() const noexcept { return status_; }

private:
    [[nodiscard]] int max_surge() const noexcept;
    [[nodiscard]] int spawn_count(const ReloadProgress& progress) const noexcept;
    std::vector<WorkerId> pick_retirements(const ReloadProgress& progress);
    [[nodiscard]] ReloadStep finished_step() const;

    int desired_;
    ReloadTuning tuning_;
    std::unordered_set<WorkerId> retired_;
    ReloadStatus status_ = ReloadStatus::in_progress;
};

}  // namespace runtime::policy
