#pragma once
// Admission control for requests that must wait for a worker.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "runtime/config/settings.hpp"
#include "runtime/policy/backoff.hpp"
#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

enum class RejectReason {
    queue_full,     // queue_length requests are already waiting
    queue_timeout,  // waited (or the queue head has waited) queue_wait or longer
    unavailable,    // no worker serves and the last spawns failed (boot failures, crash loop)
};

// Metric label values: "queue_full", "queue_timeout", "unavailable".
std::string_view to_string(RejectReason reason) noexcept;

struct Admission {
    bool accepted = true;
    RejectReason reason = RejectReason::queue_full;  // meaningful only when rejected
    std::chrono::seconds retry_after{0};             // Retry-After for the 503; 0 when accepted

    friend bool operator==(const Admission&, const Admission&) = default;
};

// A request arrives and no worker is idle. queue_depth counts requests already waiting;
// oldest_enqueued_at is when the queue head was enqueued (empty queue: nullopt).
Admission admit(std::size_t queue_depth, std::optional<TimePoint> oldest_enqueued_at,
                const config::PolicySettings& settings, TimePoint now) noexcept;

// A pool where no worker is ready or busy and whose workers keep failing to boot will not
// serve soon: requests are turned away at once rather than queued for queue_wait.
// Retry-After covers the respawn delay still running, within [1 s, 60 s]. A crash streak
// alone does not count (a killed worker's replacement boots fine). Accepted otherwise
// (the queueing rules apply).
Admission admit_while_failing(std::size_t serving_workers, const BackoffState& backoff, TimePoint now) noexcept;

// A waiting request: keep waiting (accepted) or give up with queue_timeout.
Admission check_waiting(TimePoint enqueued_at, const config::PolicySettings& settings,
                        TimePoint now) noexcept;

}  // namespace runtime::policy
