#include "server.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "privileges.hpp"
#include "runtime/net/admin_snapshot.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::app {

namespace lvl = spdlog::level;

Server::Server(config::Settings settings, pool::PoolPaths paths, ConfigLoader load_config)
    : settings_(std::move(settings)),
      paths_(std::move(paths)),
      load_config_(std::move(load_config)),
      signals_(io_),
      grace_timer_(io_),
      stop_poll_(io_) {
    for (int signal : {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGUSR2, SIGCHLD}) signals_.add(signal);
    for (const auto& pool_settings : settings_.pools) {
        pools_.push_back(std::make_unique<pool::Pool>(io_.get_executor(), pool_settings, paths_, metrics_));
        router_.add(*pools_.back());
    }
    http_ = std::make_unique<net::HttpServer>(io_.get_executor(), settings_.http, router_, metrics_);
    if (settings_.fastcgi_listen)
        fastcgi_ = std::make_unique<net::FastCgiServer>(io_.get_executor(), settings_, router_, metrics_);
    if (settings_.admin_listen && !settings_.admin_listen->is_off())
        admin_ = std::make_unique<net::AdminServer>(io_.get_executor(), admin_sources());
}

obs::AdminSources Server::admin_sources() {
    return obs::AdminSources{
        [this] {
            std::vector<const pool::Pool*> serving;
            for (const auto& pool : pools_) serving.push_back(pool.get());
            return net::admin_snapshot(serving, stopping_, metrics_);
        },
        [this] { return metrics_.serialize(); }};
}

int Server::run() {
    // Workers forked by the prototype are re-parented to us, so we reap and classify them.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::signal(SIGPIPE, SIG_IGN);
    auto access_log = obs::AccessLog::open(settings_.log);
    if (!access_log) {
        obs::log(lvl::critical, "{}", access_log.error().message);
        return 1;
    }
    access_log_ = std::move(access_log.value());
    http_->set_access_log(access_log_.get());
    if (settings_.http_listen) {
        if (auto listening = http_->listen(*settings_.http_listen); !listening) {
            obs::log(lvl::critical, "{}", listening.error().message);
            return 1;
        }
    }
    if (settings_.https_listen) {
        if (auto listening = http_->listen_tls(*settings_.https_listen, settings_.https_tls); !listening) {
            obs::log(lvl::critical, "{}", listening.error().message);
            return 1;
        }
    }
    if (settings_.https_redirect_listen && settings_.https_listen) {
        if (auto listening =
                http_->listen_https_redirect(*settings_.https_redirect_listen, settings_.https_listen->port);
            !listening) {
            obs::log(lvl::critical, "{}", listening.error().message);
            return 1;
        }
    }
    if (fastcgi_) {
        // Validation allows direct dispatch only for a single pool with the FastCGI listener.
        const bool direct = pools_.size() == 1 && settings_.pools.front().dispatch == config::Dispatch::direct;
        if (auto listening = fastcgi_->listen(*settings_.fastcgi_listen, /*accept=*/!direct); !listening) {
            obs::log(lvl::critical, "{}", listening.error().message);
            return 1;
        }
        if (direct) {
            if (auto handed = pools_.front()->serve_directly(fastcgi_->listener_fd()); !handed) {
                obs::log(lvl::critical, "pool {}: {}", settings_.pools.front().name, handed.error().message);
                return 1;
            }
        }
    }
    // Admin last: probes see the application's listeners up when it answers.
    if (admin_ && settings_.admin_tls.enabled()) {
        if (auto loaded = admin_->use_tls(settings_.admin_tls); !loaded) {
            obs::log(lvl::critical, "admin listen {}: {}", settings_.admin_listen->to_string(), loaded.error().message);
            return 1;
        }
    }
    if (admin_) {
        if (auto listening = admin_->listen(*settings_.admin_listen); !listening) {
            obs::log(lvl::critical, "{}", listening.error().message);
            return 1;
        }
    }
    // After every listener is bound, before any PHP process exists.
    if (auto dropped = drop_privileges(settings_.user, settings_.group); !dropped) {
        obs::log(lvl::critical, "{}", dropped.error().message);
        return 1;
    }
    for (auto& pool : pools_) pool->start();
    start_watchers();
    std::function<void(const boost::system::error_code&, int)> handler = [&](const boost::system::error_code& ec,
                                                                             int signal) {
        if (ec) return;
        on_signal(signal);
        signals_.async_wait(handler);
    };
    signals_.async_wait(handler);
    io_.run();
    obs::log(lvl::info, "runtime-supercharger stopped");
    return 0;
}

void Server::on_signal(int signal) {
    switch (signal) {
        case SIGCHLD:
            reap_children();
            check_stopped();
            break;
        case SIGHUP:
            if (!stopping_) reload_configuration();
            break;
        case SIGUSR2:
            if (stopping_) break;
            obs::log(lvl::info, "SIGUSR2: rolling reload of the code, configuration unchanged");
            for (auto& pool : pools_) pool->reload();
            break;
        case SIGINT:
            begin_shutdown("SIGINT");
            break;
        case SIGTERM:
            begin_shutdown("SIGTERM");
            break;
        case SIGQUIT:
            begin_shutdown("SIGQUIT");
            break;
        default:
            break;
    }
}

void Server::reap_children() {
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) return;
        for (pool::Pool* pool : all_pools()) {
            if (pool->on_child_exit(pid, status)) break;
        }
    }
}

void Server::begin_shutdown(const char* why) {
    if (stopping_) return;
    stopping_ = true;
    stop_watchers();
    obs::log(lvl::info, "{}: graceful shutdown, grace period {}s", why, settings_.shutdown_grace.count());
    http_->stop_accepting();
    if (fastcgi_) fastcgi_->stop_accepting();
    grace_timer_.expires_after(settings_.shutdown_grace);
    // Requests may still arrive on open keep-alive connections (each is answered with
    // "Connection: close"); the pools serve them until those connections are gone, for at most
    // connection_drain_limit(), and only then drain their workers.
    drain_pools_after_connections(std::chrono::steady_clock::now() + connection_drain_limit(settings_.shutdown_grace));
    grace_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        obs::log(lvl::warn, "grace period over: killing remaining workers");
        for (pool::Pool* pool : all_pools()) pool->kill_all();
    });
}

std::chrono::milliseconds Server::connection_drain_limit(std::chrono::seconds grace) {
    return std::min<std::chrono::milliseconds>(grace / 2, std::chrono::seconds(5));
}

void Server::drain_pools_after_connections(std::chrono::steady_clock::time_point deadline) {
    if (open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
        stop_poll_.expires_after(std::chrono::milliseconds(50));
        stop_poll_.async_wait([this, deadline](const boost::system::error_code& ec) {
            if (!ec) drain_pools_after_connections(deadline);
        });
        return;
    }
    for (pool::Pool* pool : all_pools()) pool->begin_shutdown();
    pools_draining_ = true;
    check_stopped();
}

void Server::check_stopped() {
    if (!stopping_ || !pools_draining_) return;
    for (const pool::Pool* pool : all_pools()) {
        if (!pool->stopped()) return;
    }
    // Workers are gone; give connections finishing their last response a moment, then stop.
    stop_poll_.expires_after(std::chrono::milliseconds(50));
    stop_poll_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        if (open_connections() == 0 || grace_timer_.expiry() <= std::chrono::steady_clock::now()) {
            io_.stop();
        } else {
            check_stopped();
        }
    });
}

std::size_t Server::open_connections() const {
    return http_->active_connections() + (fastcgi_ ? fastcgi_->active_connections() : 0);
}

}  // namespace runtime::app
