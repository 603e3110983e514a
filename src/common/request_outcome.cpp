#include "runtime/common/request_outcome.hpp"

namespace runtime {

std::string_view to_string(RequestOutcome outcome) {
    switch (outcome) {
        case RequestOutcome::ok: return "ok";
        case RequestOutcome::uncaught_exception: return "uncaught_exception";
        case RequestOutcome::fatal_error: return "fatal_error";
        case RequestOutcome::exit_called: return "exit_called";
        case RequestOutcome::reset_failed: return "reset_failed";
        case RequestOutcome::timeout: return "timeout";
        case RequestOutcome::crashed: return "crashed";
    }
    return "unknown";
}

}  // namespace runtime
