#pragma once
// Deadlines derived from PolicySettings, for the pool's timers. nullopt = no deadline.
#include <optional>

#include "runtime/config/settings.hpp"
#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

// When a request started at `started_at` exceeds request_timeout (-> 504, worker killed,
// retire reason exec_timeout).
std::optional<TimePoint> exec_deadline(TimePoint started_at, const config::PolicySettings& settings) noexcept;

// When a request enqueued at `enqueued_at` stops waiting (-> 503, queue_timeout).
std::optional<TimePoint> queue_deadline(TimePoint enqueued_at, const config::PolicySettings& settings) noexcept;

}  // namespace runtime::policy
