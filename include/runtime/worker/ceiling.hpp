#pragma once
// The in-process ceiling (role ceiling): the real SAPI worker loop and PHP bootstrap, fed
// by an in-memory host instead of the master's IPC, so a benchmark can tell how fast PHP
// and the application alone are on one core, with no network and no master in the way.
#include "runtime/worker/options.hpp"

namespace runtime::worker {

// Starts PHP, serves options.ceiling_warmup untimed then options.ceiling_requests timed
// GET requests for options.ceiling_uri, prints one JSON report line on stdout and returns
// the process exit code (0, or exit_boot_failed if the application never served).
int run_ceiling(const WorkerOptions& options);

}  // namespace runtime::worker
