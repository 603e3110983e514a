#pragma once
// Wires the master: pools, router, HTTP front end, signals, graceful shutdown and reload.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/common/result.hpp"
#include "runtime/config/reload_diff.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/net/admin_server.hpp"
#include "runtime/net/fastcgi_server.hpp"
#include "runtime/net/http_server.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"
#include "runtime/pool/pool.hpp"
#include "runtime/watch/source_watcher.hpp"

namespace runtime::app {

namespace asio = boost::asio;

// Loads the configuration again from the sources used at start (file, environment, flags).
using ConfigLoader = std::function<Result<config::Settings>()>;

class Server {
public:
    // Without a loader, SIGHUP reloads the code only (like SIGUSR2).
    Server(config::Settings settings, pool::PoolPaths paths, ConfigLoader load_config = {});
    // Runs until a stop signal has drained everything. Returns the process exit code.
    int run();

private:
    void on_signal(int signal);
    // SIGHUP: re-read the configuration; apply it through a rolling reload, or keep the
    // running one if it is invalid (server_reload.cpp).
    void reload_configuration();
    void reload_certificates();
    void apply_pool_changes(const config::ReloadDiff& diff, const std::vector<config::PoolSettings>& configured);
    pool::Pool* find_pool(const std::string& name);
    // Development mode (pools[].watch): one watcher per pool; a change rolls that pool's
    // workers (server_watch.cpp). Restarted after a configuration reload.
    void start_watchers();
    void stop_watchers();
    void on_sources_changed(const std::string& pool_name, const std::vector<std::string>& changed);
    void rebuild_router();
    // Serving pools, then pools removed by a reload that are still draining.
    std::vector<pool::Pool*> all_pools() const;
    void reap_children();
    void begin_shutdown(const char* why);
    void check_stopped();
    // Shutdown, phase 1: wait (up to `deadline`) for client connections to close, then phase 2:
    // the pools drain their workers.
    void drain_pools_after_connections(std::chrono::steady_clock::time_point deadline);
    static std::chrono::milliseconds connection_drain_limit(std::chrono::seconds grace);
    std::size_t open_connections() const;
    // The admin pages' view of the serving pools (not those a reload removed).
    obs::AdminSources admin_sources();

    boost::asio::io_context io_;
    config::Settings settings_;
    obs::Metrics metrics_;
    pool::PoolPaths paths_;
    ConfigLoader load_config_;
    std::vector<std::unique_ptr<pool::Pool>> pools_;
    // Removed by a reload: drained, then kept (requests in flight may still refer to them).
    std::vector<std::unique_ptr<pool::Pool>> removed_pools_;
    dispatch::Router router_;
    std::unique_ptr<net::HttpServer> http_;
    std::unique_ptr<net::FastCgiServer> fastcgi_;  // only with a FastCGI listener
    std::unique_ptr<net::AdminServer> admin_;      // only with an admin listener
    std::unique_ptr<obs::AccessLog> access_log_;   // only with log.access_log
    std::vector<std::shared_ptr<watch::SourceWatcher>> watchers_;
    // PHP files changed since start, by pool: new workers check their syntax before they
    // report ready, so a broken file keeps the old workers serving.
    std::map<std::string, std::set<std::string>> changed_php_files_;
    boost::asio::signal_set signals_;
    boost::asio::steady_timer grace_timer_;
    boost::asio::steady_timer stop_poll_;
    bool stopping_ = false;
    bool pools_draining_ = false;
};

}  // namespace runtime::app
