#include "runtime/policy/crash_loop.hpp"

#include <chrono>

namespace runtime::policy {

CrashLoopDetector::CrashLoopDetector(const RespawnTuning& tuning)
    : threshold_(tuning.crash_loop_threshold),
      interval_(tuning.crash_loop_interval),
      stability_(std::chrono::duration_cast<std::chrono::milliseconds>(tuning.stable_period)) {}

void CrashLoopDetector::on_failure(TimePoint now) {
    if (threshold_ == 0) return;
    if (stability_.stable(now)) {
        // A stable period ends the incident: start counting afresh.
        tripped_ = false;
        failures_.clear();
    }
    stability_.on_failure();
    while (!failures_.empty() && now - failures_.front() >= interval_) failures_.pop_front();
    failures_.push_back(now);
    if (failures_.size() > threshold_) failures_.pop_front();
    if (failures_.size() >= threshold_) tripped_ = true;
}

void CrashLoopDetector::on_boot_success(TimePoint now) noexcept { stability_.on_boot_success(now); }

bool CrashLoopDetector::failing(TimePoint now) const noexcept { return tripped_ && !stability_.stable(now); }

}  // namespace runtime::policy
