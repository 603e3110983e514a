#pragma once
// C++ hosts of the SAPI (the worker, the ceiling harness): a report's rs_sapi_outcome as the
// runtime's RequestOutcome. The C enum carries the same values, checked here once.
#include "runtime/common/request_outcome.hpp"
#include "runtime_sapi.h"

static_assert(RS_OUTCOME_OK == static_cast<int>(runtime::RequestOutcome::ok));
static_assert(RS_OUTCOME_UNCAUGHT_EXCEPTION ==
              static_cast<int>(runtime::RequestOutcome::uncaught_exception));
static_assert(RS_OUTCOME_FATAL_ERROR == static_cast<int>(runtime::RequestOutcome::fatal_error));
static_assert(RS_OUTCOME_EXIT_CALLED == static_cast<int>(runtime::RequestOutcome::exit_called));
static_assert(RS_OUTCOME_RESET_FAILED == static_cast<int>(runtime::RequestOutcome::reset_failed));

namespace runtime
{

// A value the SAPI never sets counts as a fatal error: the worker must not continue.
inline RequestOutcome request_outcome_of(rs_sapi_outcome outcome)
{
    const int value = static_cast<int>(outcome);
    return value >= RS_OUTCOME_OK && value <= RS_OUTCOME_RESET_FAILED
               ? static_cast<RequestOutcome>(value)
               : RequestOutcome::fatal_error;
}

}  // namespace runtime
