// Development mode: source changes trigger the rolling reload of the pool that serves them.
#include <filesystem>

#include "runtime/obs/log.hpp"
#include "server.hpp"

namespace runtime::app {

namespace lvl = spdlog::level;

namespace {

// Enough for an edit session; the list travels on the worker command line (128 KiB per argument).
constexpr std::size_t max_preflight_files = 500;

}  // namespace

void Server::start_watchers() {
    stop_watchers();
    for (const auto& pool : pools_) {
        const config::WatchSettings& watch = pool->settings().watch;
        if (!watch.enabled) continue;
        const std::string name = pool->settings().name;
        auto watcher = watch::SourceWatcher::start(
            io_.get_executor(),
            watch::WatchOptions{.root = watch.root, .patterns = watch.paths, .debounce = watch.debounce},
            [this, name](std::vector<std::string> changed) { on_sources_changed(name, changed); });
        if (!watcher) {
            obs::log(lvl::err, "pool {}: watch mode unavailable: {}", name, watcher.error().message);
            continue;
        }
        obs::log(lvl::info, "pool {}: watching {} ({} directories) for changes; a change reloads the workers", name,
                 watch.root, (*watcher)->watched_directories());
        watchers_.push_back(std::move(watcher.value()));
    }
}

void Server::stop_watchers() {
    for (auto& watcher : watchers_) watcher->stop();
    watchers_.clear();
}

void Server::on_sources_changed(const std::string& pool_name, const std::vector<std::string>& changed) {
    pool::Pool* pool = find_pool(pool_name);
    if (pool == nullptr || stopping_ || changed.empty()) return;
    std::set<std::string>& php_files = changed_php_files_[pool_name];
    for (const std::string& file : changed) {
        if (!file.ends_with(".php")) continue;
        std::error_code error;
        if (std::filesystem::is_regular_file(file, error)) {
            if (php_files.size() < max_preflight_files) php_files.insert(file);
        } else {
            php_files.erase(file);  // deleted or renamed away
        }
    }
    const auto root = pool->settings().watch.root;
    const std::string first = std::filesystem::path(changed.front()).lexically_relative(root).string();
    obs::log(lvl::info, "pool {}: watch: {}{} changed; rolling reload", pool_name, first,
             changed.size() > 1 ? " and " + std::to_string(changed.size() - 1) + " more" : std::string());
    pool->set_preflight_files({php_files.begin(), php_files.end()});
    pool->reload();
}

}  // namespace runtime::app
