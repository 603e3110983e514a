#pragma once
// Configuration reload (SIGHUP): what a freshly loaded configuration changes in the running
// server. Pools are matched by name; their settings apply through a rolling reload. Listeners,
// logging, HTTP limits, the pid file and the user/group are fixed at start: a change there is
// reported as needing a restart and the running value stays.
#include <string>
#include <vector>

#include "runtime/config/settings.hpp"

namespace runtime::config {

struct PoolChange {
    PoolSettings settings;  // the loaded settings of the pool
    bool changed = false;   // differs from the running pool's settings
};

struct ReloadDiff {
    std::vector<PoolChange> kept;                // running pools still configured, in the loaded order
    std::vector<PoolSettings> added;             // configured pools not running yet, in the loaded order
    std::vector<std::string> removed;            // names of running pools no longer configured
    std::vector<std::string> restart_required;   // key paths changed that only a restart applies
    bool shutdown_grace_changed = false;
};

ReloadDiff diff_for_reload(const Settings& running, const Settings& loaded);

// The settings in effect once the diff is applied: the loaded pools and shutdown_grace, the
// running values of everything a reload cannot change.
Settings settings_after_reload(const Settings& running, const Settings& loaded);

}  // namespace runtime::config
