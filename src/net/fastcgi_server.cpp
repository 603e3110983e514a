#include "runtime/net/fastcgi_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <numeric>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accept.hpp"
#include "fastcgi_session.hpp"
#include "runtime/obs/log.hpp"
#include "unix_socket_file.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;
using Endpoint = asio::generic::stream_protocol::endpoint;
using Acceptor = asio::basic_socket_acceptor<asio::generic::stream_protocol>;

namespace {

// What GET_VALUES reports: like php-fpm, the number of requests served at once.
fastcgi::Capabilities capabilities_of(const config::Settings& settings) {
    const unsigned workers = std::accumulate(
        settings.pools.begin(), settings.pools.end(), 0u,
        [](unsigned sum, const config::PoolSettings& pool) { return sum + std::max(pool.workers, pool.max_workers); });
    fastcgi::Capabilities capabilities;
    capabilities.max_conns = static_cast<std::uint32_t>(settings.http.max_connections);
    capabilities.max_reqs = std::max(workers, 1u);
    capabilities.mpxs_conns = false;
    return capabilities;
}

// Binds with a umask that keeps the socket private until its configured mode is applied.
void bind_private(Acceptor& acceptor, const Endpoint& endpoint, boost::system::error_code& ec) {
    const mode_t previous = ::umask(0177);
    acceptor.bind(endpoint, ec);
    ::umask(previous);
}

}  // namespace

FastCgiServer::FastCgiServer(asio::any_io_executor executor, const config::Settings& settings, dispatch::Router& router,
                             obs::Metrics& metrics)
    : executor_(executor),
      limits_(settings.http),
      socket_mode_(settings.fastcgi_socket_mode),
      socket_owner_(settings.fastcgi_socket_owner),
      context_(std::make_unique<FastCgiContext>(FastCgiContext{limits_, router, metrics, capabilities_of(settings)})) {}

FastCgiServer::~FastCgiServer() {
    for (const auto& session : sessions_) session->stop_when_idle();
    if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
}

Result<bool> FastCgiServer::listen(const config::ListenAddress& address, bool accept) {
    const std::string where = "FastCGI listen " + address.to_string();
    boost::system::error_code ec;
    Endpoint endpoint;
    if (address.is_unix()) {
        if (auto cleared = clear_stale_socket(address.unix_path); !cleared)
            return Error{where + ": " + cleared.error().message};
        endpoint = Endpoint(asio::local::stream_protocol::endpoint(address.unix_path));
    } else {
        const auto ip = asio::ip::make_address(address.host, ec);
        if (ec) return Error{where + ": invalid address"};
        endpoint = Endpoint(asio::ip::tcp::endpoint(ip, address.port));
    }
    auto acceptor = std::make_unique<Acceptor>(executor_);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec && !address.is_unix()) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) bind_private(*acceptor, endpoint, ec);
    if (ec) return Error{where + ": " + ec.message()};
    if (address.is_unix()) {
        unix_path_ = address.unix_path;
        auto access = apply_socket_access(unix_path_, UnixSocketAccess{socket_mode_, socket_owner_});
        if (!access) return Error{where + ": " + access.error().message};
    }
    acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error{where + ": " + ec.message()};
    obs::log(lvl::info, "listening for FastCGI on {}{}", address.to_string(),
             accept ? "" : " (workers accept: direct dispatch)");
    if (!accept) {
        workers_listener_.reset(acceptor->release(ec));
        if (ec) return Error{where + ": " + ec.message()};
        return true;
    }
    acceptor_ = std::move(acceptor);
    asio::co_spawn(executor_, accept_loop(), asio::detached);
    return true;
}

void FastCgiServer::stop_accepting() {
    if (acceptor_) {
        boost::system::error_code ignored;
        acceptor_->close(ignored);
    }
    workers_listener_.reset();  // the workers keep their own copies until they exit
    for (const auto& session : sessions_) session->stop_when_idle();
}

asio::awaitable<void> FastCgiServer::accept_loop() {
    auto& acceptor = *acceptor_;
    for (;;) {
        auto socket = co_await accept_within_limit(
            acceptor, [this] { return sessions_.size(); }, limits_.max_connections);
        if (!socket) co_return;
        auto session = std::make_shared<FastCgiSession>(std::move(*socket), *context_);
        sessions_.insert(session);
        asio::co_spawn(
            executor_,
            [this, session]() -> asio::awaitable<void> {
                co_await session->run();
                sessions_.erase(session);
            },
            asio::detached);
    }
}

}  // namespace runtime::net
