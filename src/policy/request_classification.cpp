#include "runtime/policy/request_classification.hpp"

#include <limits>

namespace runtime::policy {
namespace {

// No response at all (status 0) is treated like a server error.
bool server_error_or_none(int http_status) noexcept { return http_status == 0 || http_status >= 500; }

}  // namespace

RequestVerdict classify_request(RequestOutcome outcome, int http_status) noexcept {
    switch (outcome) {
        case RequestOutcome::ok:
        case RequestOutcome::exit_called:
            // The application chose the response (a deliberate 503 included): the worker works.
            return RequestVerdict::success;
        case RequestOutcome::uncaught_exception:
            // Exceptions mapped to 4xx (e.g. a not-found exception -> 404) are normal traffic.
            return server_error_or_none(http_status) ? RequestVerdict::failure : RequestVerdict::success;
        case RequestOutcome::fatal_error:
        case RequestOutcome::reset_failed:
        case RequestOutcome::timeout:
        case RequestOutcome::crashed:
            return RequestVerdict::failure;
    }
    return RequestVerdict::failure;
}

std::uint32_t consecutive_failures_after(std::uint32_t previous, RequestOutcome outcome,
                                         int http_status) noexcept {
    if (classify_request(outcome, http_status) == RequestVerdict::success) return 0;
    if (previous == std::numeric_limits<std::uint32_t>::max()) return previous;
    return previous + 1;
}

}  // namespace runtime::policy
