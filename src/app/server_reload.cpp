// SIGHUP: configuration reload through a rolling reload of every pool.
#include <algorithm>

#include "runtime/obs/log.hpp"
#include "server.hpp"

namespace runtime::app {

namespace lvl = spdlog::level;

void Server::reload_configuration() {
    if (!load_config_) {
        obs::log(lvl::info, "SIGHUP: rolling reload of the code (no configuration source to re-read)");
        for (auto& pool : pools_) pool->reload();
        reload_certificates();
        return;
    }
    auto loaded = load_config_();
    if (!loaded) {
        obs::log(lvl::err, "SIGHUP: configuration not reloaded, the running configuration stays in effect:\n{}",
                 loaded.error().message);
        return;
    }
    const config::ReloadDiff diff = config::diff_for_reload(settings_, *loaded);
    for (const std::string& key : diff.restart_required) {
        obs::log(lvl::warn, "SIGHUP: {} changed; it takes effect after a restart, the running value stays", key);
    }
    if (diff.shutdown_grace_changed) {
        obs::log(lvl::info, "SIGHUP: shutdown_grace is now {}s", loaded->shutdown_grace.count());
    }
    obs::log(lvl::info, "SIGHUP: configuration reloaded from {}: {} pools kept, {} added, {} removed; rolling reload",
             loaded->source_file.empty() ? "flags/environment" : loaded->source_file, diff.kept.size(),
             diff.added.size(), diff.removed.size());
    apply_pool_changes(diff, loaded->pools);
    settings_ = config::settings_after_reload(settings_, *loaded);
    start_watchers();  // watch settings may have changed
    reload_certificates();
}

// Certificate files are read again even when the configuration names the same ones: renewing
// a certificate replaces the files' contents. Open connections keep the certificates they have.
void Server::reload_certificates() {
    auto report = [](const char* listener, const Result<bool>& reloaded) {
        if (reloaded)
            obs::log(lvl::info, "SIGHUP: {} certificates reloaded", listener);
        else
            obs::log(lvl::err, "SIGHUP: {} certificates not reloaded, the running ones stay: {}", listener,
                     reloaded.error().message);
    };
    if (settings_.https_listen) report("HTTPS", http_->reload_tls(settings_.https_tls));
    if (admin_ && settings_.admin_tls.enabled()) report("admin", admin_->use_tls(settings_.admin_tls));
}

void Server::apply_pool_changes(const config::ReloadDiff& diff, const std::vector<config::PoolSettings>& configured) {
    for (const std::string& name : diff.removed) {
        auto it = std::find_if(pools_.begin(), pools_.end(), [&](const auto& p) { return p->settings().name == name; });
        obs::log(lvl::info, "pool {}: removed from the configuration; draining it", name);
        (*it)->begin_shutdown();
        removed_pools_.push_back(std::move(*it));
        pools_.erase(it);
    }
    for (const config::PoolChange& change : diff.kept) {
        pool::Pool* pool = find_pool(change.settings.name);
        if (change.changed) obs::log(lvl::info, "pool {}: settings changed", change.settings.name);
        pool->reload(change.settings);
    }
    for (const config::PoolSettings& added : diff.added) {
        obs::log(lvl::info, "pool {}: added by the configuration; starting it", added.name);
        pools_.push_back(std::make_unique<pool::Pool>(io_.get_executor(), added, paths_, metrics_));
        pools_.back()->start();
    }
    // The configured order decides routing ties.
    std::stable_sort(pools_.begin(), pools_.end(), [&](const auto& a, const auto& b) {
        auto position = [&](const pool::Pool& p) {
            return std::find_if(configured.begin(), configured.end(),
                                [&](const config::PoolSettings& s) { return s.name == p.settings().name; }) -
                   configured.begin();
        };
        return position(*a) < position(*b);
    });
    rebuild_router();
}

pool::Pool* Server::find_pool(const std::string& name) {
    for (auto& pool : pools_) {
        if (pool->settings().name == name) return pool.get();
    }
    return nullptr;
}

void Server::rebuild_router() {
    std::vector<pool::Pool*> serving;
    for (auto& pool : pools_) serving.push_back(pool.get());
    router_.rebuild(serving);
}

std::vector<pool::Pool*> Server::all_pools() const {
    std::vector<pool::Pool*> pools;
    for (const auto& pool : pools_) pools.push_back(pool.get());
    for (const auto& pool : removed_pools_) pools.push_back(pool.get());
    return pools;
}

}  // namespace runtime::app
