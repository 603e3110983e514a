#include "runtime/policy/admission.hpp"

#include <algorithm>

#include "runtime/policy/deadlines.hpp"

namespace runtime::policy {
namespace {

using std::chrono::seconds;

// Retry-After: the longest a request waits before being turned away (queue_wait rounded up
// to whole seconds), within [1 s, 60 s] so clients neither hammer nor give up.
seconds retry_after(const config::PolicySettings& settings) noexcept {
    const seconds wait = std::chrono::ceil<seconds>(settings.queue_wait);
    return std::clamp(wait, seconds{1}, seconds{60});
}

Admission reject(RejectReason reason, const config::PolicySettings& settings) noexcept {
    return Admission{.accepted = false, .reason = reason, .retry_after = retry_after(settings)};
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

Admission check_waiting(TimePoint enqueued_at, const config::PolicySettings& settings, TimePoint now) noexcept {
    if (expired(enqueued_at, settings, now)) return reject(RejectReason::queue_timeout, settings);
    return Admission{};
}

}  // namespace runtime::policy
