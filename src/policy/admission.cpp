#include "runtime/policy/admission.hpp"

#include <algorithm>

#include "runtime/policy/deadlines.hpp"

namespace runtime::policy {
namespace {

using std::chrono::seconds;

// Retry-After: the longest a request waits before being turned away (queue_wait rounded up
// to whole seconds), within [1 s, 60 s] so clients neither hammer nor give up.
seconds retry_after(std::chrono::milliseconds wait) noexcept {
    return std::clamp(std::chrono::ceil<seconds>(wait), seconds{1}, seconds{60});
}

Admission reject(RejectReason reason, const config::PolicySettings& settings) noexcept {
    return Admission{.accepted = false, .reason = reason, .retry_after = retry_after(settings.queue_wait)};
}

bool expired(TimePoint enqueued_at, const config::PolicySettings& settings, TimePoint now) noexcept {
    const std::optional<TimePoint> deadline = queue_deadline(enqueued_at, settings);
    return deadline && now >= *deadline;
}

}  // namespace

std::string_view to_string(RejectReason reason) noexcept {
    switch (reason) {
        case RejectReason::queue_full: return "queue_full";
        case RejectReason::queue_timeout: return "queue_timeout";
        case RejectReason::unavailable: return "unavailable";
    }
    return "unknown";
}

Admission admit(std::size_t queue_depth, std::optional<TimePoint> oldest_enqueued_at,
                const config::PolicySettings& settings, TimePoint now) noexcept {
    if (queue_depth >= settings.queue_length) return reject(RejectReason::queue_full, settings);
    // The head of the queue is already past its deadline: the queue is not moving, and a new
    // request would wait even longer. Fail fast instead of queueing it.
    if (oldest_enqueued_at && expired(*oldest_enqueued_at, settings, now)) {
        return reject(RejectReason::queue_timeout, settings);
    }
    return Admission{};
}

Admission admit_while_failing(std::size_t serving_workers, const BackoffState& backoff, TimePoint now) noexcept {
    const bool failing_to_boot = backoff.last_failure() == SpawnFailure::boot_failure && backoff.streak(now) > 0;
    if (serving_workers > 0 || !failing_to_boot) return Admission{};
    return Admission{.accepted = false, .reason = RejectReason::unavailable,
                     .retry_after = retry_after(backoff.next_delay(now))};
}

Admission check_waiting(TimePoint enqueued_at, const config::PolicySettings& settings, TimePoint now) noexcept {
    if (expired(enqueued_at, settings, now)) return reject(RejectReason::queue_timeout, settings);
    return Admission{};
}

}  // namespace runtime::policy
