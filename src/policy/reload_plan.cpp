#include "runtime/policy/reload_plan.hpp"

#include <algorithm>

namespace runtime::policy {

ReloadPlan::ReloadPlan(int desired, const ReloadTuning& tuning) : desired_(std::max(desired, 0)), tuning_(tuning) {}

int ReloadPlan::max_surge() const noexcept {
    const int percent = std::max(tuning_.max_surge_percent, 0);
    const int rounded_up = (desired_ * percent + 99) / 100;
    return std::max(rounded_up, 1);
}

int ReloadPlan::spawn_count(const ReloadProgress& progress) const noexcept {
    const int booting = std::max(progress.new_booting, 0);
    const int missing = desired_ - booting - std::max(progress.new_serving, 0);
    return std::clamp(std::min(missing, max_surge() - booting), 0, desired_);
}

std::vector<WorkerId> ReloadPlan::pick_retirements(const ReloadProgress& progress) {
    std::vector<OldWorker> remaining;
    for (const OldWorker& worker : progress.old_workers) {
        if (!retired_.contains(worker.id)) remaining.push_back(worker);
    }
    // Capacity invariant: old workers still serving + new workers serving >= desired.
    const int remaining_count = static_cast<int>(remaining.size());
    const int surplus = remaining_count + std::max(progress.new_serving, 0) - desired_;
    const auto count = static_cast<std::size_t>(std::clamp(surplus, 0, remaining_count));

    // Idle workers leave at once; among equals the oldest goes first (id breaks ties).
    const auto retire_first = [](const OldWorker& a, const OldWorker& b) {
        if (a.busy != b.busy) return !a.busy;
        if (a.started_at != b.started_at) return a.started_at < b.started_at;
        return a.id < b.id;
    };
    std::sort(remaining.begin(), remaining.end(), retire_first);

    std::vector<WorkerId> chosen;
    chosen.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        chosen.push_back(remaining[i].id);
        retired_.insert(remaining[i].id);
    }
    return chosen;
}

ReloadStep ReloadPlan::finished_step() const {
    ReloadStep last;
    last.status = status_;
    return last;
}

ReloadStep ReloadPlan::step(const ReloadProgress& progress) {
    if (status_ != ReloadStatus::in_progress) return finished_step();

    const bool new_generation_broken = tuning_.abort_after_boot_failures > 0 &&
                                       progress.new_boot_failures >= tuning_.abort_after_boot_failures &&
                                       progress.new_serving <= 0;
    if (new_generation_broken) {
        status_ = ReloadStatus::aborted;
        return finished_step();
    }

    ReloadStep next;
    next.retire = pick_retirements(progress);
    const bool old_generation_gone =
        std::all_of(progress.old_workers.begin(), progress.old_workers.end(),
                    [this](const OldWorker& worker) { return retired_.contains(worker.id); });
    if (old_generation_gone) {
        status_ = ReloadStatus::complete;
    } else {
        next.spawn_new = spawn_count(progress);
    }
    next.status = status_;
    return next;
}

}  // namespace runtime::policy
