#include "runtime/net/admin_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accept.hpp"
#include "admin_session.hpp"
#include "tcp_acceptor.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

AdminServer::AdminServer(asio::any_io_executor executor, obs::AdminSources sources)
    : executor_(std::move(executor)), sources_(std::make_shared<const obs::AdminSources>(std::move(sources))) {}

AdminServer::~AdminServer() {
    if (acceptor_) {
        boost::system::error_code ignored;
        acceptor_->close(ignored);
    }
}

Result<bool> AdminServer::listen(const config::ListenAddress& address) {
    auto acceptor = open_tcp_acceptor(executor_, address);
    if (!acceptor) return Error{"admin listen " + acceptor.error().message};
    acceptor_ = std::move(acceptor.value());
    obs::log(spdlog::level::info, "listening for admin (metrics, health, status) on {}", address.to_string());
    asio::co_spawn(executor_, accept_loop(), asio::detached);
    return true;
}

asio::awaitable<void> AdminServer::accept_loop() {
    for (;;) {
        auto socket = co_await accept_within_limit(*acceptor_, [this] { return *active_; }, max_connections);
        if (!socket) co_return;
        auto session = std::make_shared<AdminSession>(std::move(*socket), sources_);
        auto active = active_;
        ++*active;
        asio::co_spawn(executor_, [session, active]() -> asio::awaitable<void> {
            co_await session->run();
            --*active;
        }, asio::detached);
    }
}

}  // namespace runtime::net
