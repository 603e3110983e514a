#include "runtime/pool/pool_settings.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace runtime::pool {
namespace {

std::string lines_of(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += item + "\n";
    return out;
}

}  // namespace

policy::ScalingTuning scaling_tuning(const config::PoolSettings& settings) {
    const std::size_t fixed = std::max(1u, settings.workers);
    const std::size_t max_given = settings.max_workers ? settings.max_workers : fixed;
    const std::size_t min = settings.min_workers ? settings.min_workers : std::min(fixed, max_given);
    const std::size_t max = std::max(max_given, min);
    return policy::ScalingTuning{.min_workers = min,
                                 .max_workers = max,
                                 .up_after = settings.scaling.up_after,
                                 .idle_after = settings.scaling.idle_after,
                                 .cooldown = settings.scaling.cooldown,
                                 .memory_budget_bytes = settings.scaling.memory_budget_bytes};
}

bool elastic(const config::PoolSettings& settings) {
    const policy::ScalingTuning tuning = scaling_tuning(settings);
    return tuning.min_workers < tuning.max_workers;
}

worker::WorkerOptions worker_options(const config::PoolSettings& settings, const PoolPaths& paths, worker::Role role,
                                     const LaunchContext& context) {
    worker::WorkerOptions o;
    o.role = role;
    o.pool_name = settings.name;
    o.channel_fd = 3;
    o.mode = settings.mode == config::Mode::classic ? worker::ExecutionMode::classic : worker::ExecutionMode::worker;
    o.bootstrap = paths.bootstrap;
    o.entry = settings.entry;
    o.document_root = settings.document_root;
    o.max_requests = settings.policy.max_requests;
    if (context.direct) {
        o.listen_fd = 4;  // as the launcher places the inherited descriptors
        o.scoreboard_fd = 5;
    }
    // Without a memory ceiling or budget RSS only feeds the gauges and /status: sampled, not per
    // request. A direct worker reports only sampled requests, so a PHP memory ceiling samples each one.
    const bool direct_php_memory_ceiling = context.direct && settings.policy.max_php_memory_bytes;
    const bool memory_budget = elastic(settings) && settings.scaling.memory_budget_bytes;
    o.rss_every = settings.policy.max_rss_bytes || memory_budget || direct_php_memory_ceiling ? 1 : 16;
    o.slow_request_threshold_ms = static_cast<std::uint32_t>(
        std::min<std::int64_t>(settings.slow_request_threshold.count(), std::numeric_limits<std::uint32_t>::max()));
    for (const auto& [key, value] : settings.php_ini) o.ini_entries += key + "=" + value + "\n";
    if (settings.policy.request_timeout.count() > 0) {
        // PHP's own limit stays as a first line of defence; the master's timeout is the hard one.
        o.ini_entries += "max_execution_time=" + std::to_string(settings.policy.request_timeout.count()) + "\n";
    }
    o.php_options = {{"entry", settings.entry},
                     {"document_root", settings.document_root},
                     {"pool", settings.name},
                     {"warmup_services", lines_of(settings.warmup_services)},
                     {"warmup_callables", lines_of(settings.warmup_callables)},
                     {"verify_state", settings.verify_state ? "1" : "0"},
                     {"preflight_files", lines_of(context.preflight_files)}};
    return o;
}

}  // namespace runtime::pool
