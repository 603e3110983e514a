#pragma once
// What a worker's report says besides its outcome (state leaks, restored state, slow log),
// counted and logged the same way whichever dispatch carried the request.
#include <sys/types.h>

#include <string_view>

#include "runtime/obs/metrics.hpp"
#include "runtime/obs/request_annotations.hpp"

namespace runtime::obs {

void record_request_notes(Metrics& metrics, std::string_view pool, const RequestAnnotations& annotations, pid_t pid,
                          std::string_view uri);

}  // namespace runtime::obs
