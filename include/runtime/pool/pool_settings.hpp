#pragma once
// Pure functions of a pool's settings: its size bounds and the options its PHP processes start
// with. No I/O, so they are unit-tested without a pool.
#include <string>
#include <vector>

#include "runtime/config/settings.hpp"
#include "runtime/policy/scaling.hpp"
#include "runtime/worker/options.hpp"

namespace runtime::pool {

struct PoolPaths {
    std::string worker_binary;
    std::string bootstrap;
};

// min..max workers; a fixed pool has min == max == workers (unresolved settings: 0 = fixed).
policy::ScalingTuning scaling_tuning(const config::PoolSettings& settings);
bool elastic(const config::PoolSettings& settings);

struct LaunchContext {
    bool direct = false;                       // the workers accept on the pool's listener (fd 4)
    std::vector<std::string> preflight_files;  // watch mode: checked before the worker reports ready
};

// The command-line options of the pool's prototype or workers.
worker::WorkerOptions worker_options(const config::PoolSettings& settings, const PoolPaths& paths, worker::Role role,
                                     const LaunchContext& context);

}  // namespace runtime::pool
