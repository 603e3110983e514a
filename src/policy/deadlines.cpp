#include "runtime/policy/deadlines.hpp"

namespace runtime::policy {
namespace {

template <typename Duration>
std::optional<TimePoint> after(TimePoint start, Duration limit) noexcept {
    if (limit.count() <= 0) return std::nullopt;  // 0 = off
    return start + limit;
}

}  // namespace

std::optional<TimePoint> exec_deadline(TimePoint started_at, const config::PolicySettings& settings) noexcept {
    return after(started_at, settings.request_timeout);
}

std::optional<TimePoint> queue_deadline(TimePoint enqueued_at, const config::PolicySettings& settings) noexcept {
    return after(enqueued_at, settings.queue_wait);
}

}  // namespace runtime::policy
