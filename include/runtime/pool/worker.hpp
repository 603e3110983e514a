#pragma once
// One worker process as the master tracks it: a plain record with an explicit state.
#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/ipc/worker_link.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/policy/retire_reason.hpp"
#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::pool {

enum class WorkerState {
    starting,  // forked, kernel booting
    idle,      // ready, waiting for a request
    busy,      // serving a request
    retiring,  // finishing its last request or exiting; a replacement is on its way
};
std::string_view to_string(WorkerState state);

struct Worker;
// The fields of a JSON log line about a worker: its pool and pid, and while it serves a
// request, that request's id and URI.
std::vector<obs::LogField> log_fields_of(const std::string& pool, const Worker& worker);

class WorkerTable;

// Turnaround hiding: the request before the current one on this worker. Its response is
// complete; its report (request_done, sent after the reset) is read by the current lease.
struct OwedReport {
    std::string uri;
    policy::TimePoint exchange_started{};  // for the route-labelled duration
    policy::TimePoint request_started{};   // for last_request_duration
};

struct Worker {
    std::uint64_t id = 0;
    pid_t pid = 0;                 // 0 until the prototype reports it
    std::uint64_t generation = 0;  // bumped by each reload
    std::unique_ptr<ipc::WorkerLink> link;

    policy::TimePoint started_at{};
    policy::TimePoint ready_at{};
    std::optional<policy::TimePoint> last_request_finished_at;
    std::optional<policy::TimePoint> replacing_since;  // recycle decision of the worker it replaces
    std::uint64_t requests_served = 0;
    std::uint32_t consecutive_failures = 0;
    std::uint64_t rss_bytes = 0;
    std::uint64_t php_memory_bytes = 0;
    policy::RequestOutcome last_outcome = policy::RequestOutcome::ok;

    std::string current_method;  // of the request in flight (for crash logs, /status)
    std::string current_uri;
    std::uint64_t current_request_id = 0;  // 0 between requests (for log fields)
    // Set by the exchange for /status and /fpm-status: the request in flight or the last one.
    policy::TimePoint request_started_at{};
    std::optional<policy::TimePoint> response_ended_at;  // of the request in flight: its turnaround starts
    policy::TimePoint::duration last_request_duration{};
    std::int64_t request_content_length = 0;  // -1: chunked
    std::uint64_t php_peak_bytes = 0;         // memory_get_peak_usage() of the last request
    std::optional<policy::RetireReason> retire_reason;
    std::optional<OwedReport> owed_report;  // set while handed over before its report
    bool killed = false;  // the master sent SIGKILL (timeout or shutdown)
    bool replacement_spawned = false;
    std::array<std::uint64_t, 6> counted_responses{};  // direct dispatch: scoreboard counts already in the metrics
    bool serving_directly = false;                     // direct dispatch: its scoreboard slot shows a request in flight

    WorkerState state() const { return state_; }

private:
    friend class WorkerTable;  // the one place that changes it (WorkerTable::set_state)
    WorkerState state_ = WorkerState::starting;
};

}  // namespace runtime::pool
