#pragma once
// Whether a finished request counts as a failure for the consecutive-failure rule.
#include <cstdint>

#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

enum class RequestVerdict {
    success,  // resets the consecutive-failure counter
    failure,  // increments it
};

// http_status is the status sent to the client; 0 when no response was produced.
// Failures: uncaught exceptions answered with 5xx (or no response), fatal errors,
// reset failures, timeouts and crashes. Everything the application answered on purpose,
// 5xx included (a deliberate 503 maintenance page), and exit() are successes.
RequestVerdict classify_request(RequestOutcome outcome, int http_status) noexcept;

// The counter value after a request: 0 after a success, previous + 1 after a failure.
std::uint32_t consecutive_failures_after(std::uint32_t previous, RequestOutcome outcome,
                                         int http_status) noexcept;

}  // namespace runtime::policy
