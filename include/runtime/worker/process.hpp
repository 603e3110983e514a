#pragma once
// Entry points of the runtime-supercharger-worker binary's two roles.
#include "runtime/worker/options.hpp"

namespace runtime::worker {

// Exit codes the master classifies (anything else, or a signal, is a crash).
inline constexpr int exit_retired = 0;       // clean: limit reached, shutdown, exit() in PHP
inline constexpr int exit_boot_failed = 78;  // the app could not boot (EX_CONFIG)
inline constexpr int exit_protocol = 76;     // IPC broken (EX_PROTOCOL)

// Runs PHP's module startup, then serves on options.channel_fd (role worker) or forks
// workers on the master's request (role prototype). Returns the process exit code.
int run(const WorkerOptions& options);

}  // namespace runtime::worker
