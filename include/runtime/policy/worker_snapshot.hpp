#pragma once
// What the pool knows about one worker when it asks the policy engine for a decision.
#include <chrono>
#include <cstdint>
#include <optional>

#include "runtime/common/request_outcome.hpp"

namespace runtime::policy {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// How the last request ended, as reported by the worker (or observed by the master for
// `timeout` and `crashed`).
using runtime::RequestOutcome;

// Why a worker is being drained, if it is.
enum class DrainCause {
    none,
    reload,    // rolling reload: a new generation replaces this worker
    shutdown,  // the server is stopping
};

struct WorkerSnapshot {
    std::uint64_t requests_served = 0;
    std::uint32_t consecutive_failures = 0;             // already updated for the last request
    std::uint64_t rss_bytes = 0;                        // resident set size of the worker process
    std::uint64_t php_memory_bytes = 0;                 // memory_get_usage() measured after the reset
    TimePoint started_at{};                             // when the worker process was spawned
    std::optional<TimePoint> last_request_finished_at;  // empty until the first request ends
    RequestOutcome last_outcome = RequestOutcome::ok;
    bool unsafe = false;  // the reset failed; never serve again
    DrainCause draining = DrainCause::none;
};

}  // namespace runtime::policy
