#include "runtime/policy/stability.hpp"

namespace runtime::policy {

void StabilityTracker::on_failure() noexcept {
    failed_ = true;
    first_boot_after_failure_.reset();
}

void StabilityTracker::on_boot_success(TimePoint now) noexcept {
    if (!first_boot_after_failure_) first_boot_after_failure_ = now;
}

bool StabilityTracker::stable(TimePoint now) const noexcept {
    if (!failed_) return true;
    return first_boot_after_failure_ && now - *first_boot_after_failure_ >= stable_period_;
}

}  // namespace runtime::policy
