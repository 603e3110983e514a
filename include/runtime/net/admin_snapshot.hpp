#pragma once
// Copies what the admin pages show out of the live pools (on the io thread).
#include <vector>

#include "runtime/obs/metrics.hpp"
#include "runtime/obs/status_snapshot.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::net {

obs::ServerView admin_snapshot(const std::vector<const pool::Pool*>& pools, bool draining, const obs::Metrics& metrics);

}  // namespace runtime::net
