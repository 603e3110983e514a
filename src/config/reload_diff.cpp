#include "runtime/config/reload_diff.hpp"

#include <algorithm>

namespace runtime::config {
namespace {

const PoolSettings* find_pool(const std::vector<PoolSettings>& pools, const std::string& name) {
    const auto it = std::find_if(pools.begin(), pools.end(), [&](const PoolSettings& p) { return p.name == name; });
    return it == pools.end() ? nullptr : &*it;
}

// log.slow_request_threshold reaches the workers through their pool settings: the pools'
// rolling reload applies it. The rest of log is set up once, at start.
bool same_fixed_log(LogSettings running, LogSettings loaded) {
    running.slow_request_threshold = loaded.slow_request_threshold;
    return running == loaded;
}

// Key paths as in the configuration file (docs/configuration.md).
std::vector<std::string> fixed_at_start_changes(const Settings& running, const Settings& loaded) {
    std::vector<std::string> keys;
    auto note = [&](bool differs, const char* key) {
        if (differs) keys.emplace_back(key);
    };
    note(running.http_listen != loaded.http_listen, "listen.http");
    note(running.fastcgi_listen != loaded.fastcgi_listen, "listen.fastcgi.address");
    note(running.fastcgi_socket_mode != loaded.fastcgi_socket_mode, "listen.fastcgi.socket_mode");
    note(running.fastcgi_socket_owner != loaded.fastcgi_socket_owner, "listen.fastcgi.socket_owner");
    note(running.admin_listen != loaded.admin_listen, "listen.admin");
    note(running.admin_tls.enabled() != loaded.admin_tls.enabled(), "listen.admin.certificates");
    note(running.https_listen != loaded.https_listen, "listen.https.address");
    note(running.https_redirect_listen != loaded.https_redirect_listen, "listen.https_redirect");
    note(!same_fixed_log(running.log, loaded.log), "log");
    note(running.http != loaded.http, "http");
    note(running.pid_file != loaded.pid_file, "pid_file");
    note(running.user != loaded.user, "user");
    note(running.group != loaded.group, "group");
    // Who accepts on the FastCGI listener is decided when the workers are started.
    const auto dispatch_changed = [&] {
        for (const PoolSettings& pool : loaded.pools)
            if (const PoolSettings* current = find_pool(running.pools, pool.name);
                current && current->dispatch != pool.dispatch)
                return true;
        return false;
    };
    note(dispatch_changed(), "pools[].dispatch");
    return keys;
}

}  // namespace

ReloadDiff diff_for_reload(const Settings& running, const Settings& loaded) {
    ReloadDiff diff;
    for (const PoolSettings& pool : loaded.pools) {
        if (const PoolSettings* current = find_pool(running.pools, pool.name)) {
            diff.kept.push_back(PoolChange{pool, !(*current == pool)});
        } else {
            diff.added.push_back(pool);
        }
    }
    for (const PoolSettings& pool : running.pools) {
        if (!find_pool(loaded.pools, pool.name)) diff.removed.push_back(pool.name);
    }
    diff.restart_required = fixed_at_start_changes(running, loaded);
    diff.shutdown_grace_changed = running.shutdown_grace != loaded.shutdown_grace;
    return diff;
}

Settings settings_after_reload(const Settings& running, const Settings& loaded) {
    Settings applied = running;
    applied.pools = loaded.pools;
    applied.shutdown_grace = loaded.shutdown_grace;
    // Certificates, ciphers and tickets of a listener that keeps its TLS are reloaded.
    if (running.https_listen == loaded.https_listen) applied.https_tls = loaded.https_tls;
    if (running.admin_tls.enabled() == loaded.admin_tls.enabled()) applied.admin_tls = loaded.admin_tls;
    applied.log.slow_request_threshold = loaded.log.slow_request_threshold;
    return applied;
}

}  // namespace runtime::config
