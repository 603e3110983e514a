#pragma once
// How a request ended: one vocabulary from the worker's SAPI report through the IPC message
// to the policy engine (the C SAPI's rs_sapi_outcome has the same values, checked where the
// worker translates it).
#include <cstdint>
#include <string_view>

namespace runtime {

enum class RequestOutcome : std::uint8_t {
    ok = 0,                  // response produced by the application, whatever its status
    uncaught_exception = 1,  // a throwable escaped the application; the runtime answered 5xx
    fatal_error = 2,         // PHP fatal error (engine bailout); the worker state is unreliable
    exit_called = 3,         // the application called exit()/die()
    reset_failed = 4,        // the per-request state reset failed; the worker is unsafe
    // Observed by the master when the worker could not report anything:
    timeout = 5,  // request_timeout elapsed; the master kills the worker
    crashed = 6,  // the worker process died while serving the request
};

// The last outcome a worker can report itself (the wire format refuses the others).
inline constexpr RequestOutcome last_reported_outcome = RequestOutcome::reset_failed;

std::string_view to_string(RequestOutcome outcome);

// May the worker that ran this request serve another one? Only when PHP is known to be in a
// clean state: the response was produced, or an exception was caught by the runtime. The
// worker (to decide to exit), the ceiling harness and the policy engine all ask this.
constexpr bool worker_may_continue(RequestOutcome outcome) {
    return outcome == RequestOutcome::ok || outcome == RequestOutcome::uncaught_exception;
}

}  // namespace runtime
