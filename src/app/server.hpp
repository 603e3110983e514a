#pragma once
// Wires the master: pools, router, HTTP front end, signals, graceful shutdown and reload.
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/config/settings.hpp"
#include "runtime/net/http_server.hpp"
#include "runtime/net/router.hpp"
#include "runtime/obs/metrics.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::app {

class Server {
public:
    Server(config::Settings settings, pool::PoolPaths paths);
    // Runs until a stop signal has drained everything. Returns the process exit code.
    int run();

private:
    void on_signal(int signal);
    void reap_children();
    void begin_shutdown(const char* why);
    void check_stopped();

    boost::asio::io_context io_;
    config::Settings settings_;
    obs::Metrics metrics_;
    std::vector<std::unique_ptr<pool::Pool>> pools_;
    net::Router router_;
    std::unique_ptr<net::HttpServer> http_;
    boost::asio::signal_set signals_;
    boost::asio::steady_timer grace_timer_;
    boost::asio::steady_timer stop_poll_;
    bool stopping_ = false;
};

}  // namespace runtime::app
