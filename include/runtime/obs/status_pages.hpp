#pragma once
// The admin endpoint's pages, rendered from a snapshot. Pure: same input, same bytes.
#include <string>

#include "runtime/obs/status_snapshot.hpp"

namespace runtime::obs {

struct Readiness {
    bool ready = false;
    std::string reason;  // "ready", or why not ("draining", "pool default: no ready worker")
};

// Ready when the server is not draining and every pool has a worker able to take requests.
Readiness readiness(const ServerView& server);

// /status: the server's own JSON view (pools, workers, last recycle reason).
std::string render_status_json(const ServerView& server);

// /fpm-status: php-fpm's pm.status_path page (same field names), for one pool.
enum class FpmFormat { text, json };
struct FpmOptions {
    FpmFormat format = FpmFormat::text;
    bool full = false;  // per-process blocks
};
std::string render_fpm_status(const PoolView& pool, const FpmOptions& options);

// php-fpm's state names: Idle, Running, Starting, Finishing.
std::string_view fpm_state_name(std::string_view state);

}  // namespace runtime::obs
