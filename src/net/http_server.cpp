#include "runtime/net/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accept.hpp"
#include "http_session.hpp"
#include "tcp_acceptor.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

HttpServer::HttpServer(asio::any_io_executor executor, const config::HttpSettings& settings, Router& router,
                       obs::Metrics& metrics)
    : executor_(executor),
      settings_(settings),
      router_(router),
      static_roots_(std::make_unique<StaticRoots>()),
      metrics_(metrics) {}

HttpServer::~HttpServer() = default;

Result<bool> HttpServer::listen(const config::ListenAddress& address) {
    auto acceptor = open_tcp_acceptor(executor_, address);
    if (!acceptor) return Error{"listen " + acceptor.error().message};
    obs::log(lvl::info, "listening for HTTP on {}", address.to_string());
    acceptors_.push_back(std::move(acceptor.value()));
    asio::co_spawn(executor_, accept_loop(*acceptors_.back()), asio::detached);
    return true;
}

void HttpServer::stop_accepting() {
    *draining_ = true;
    for (auto& acceptor : acceptors_) {
        boost::system::error_code ignored;
        acceptor->close(ignored);
    }
}

asio::awaitable<void> HttpServer::accept_loop(asio::ip::tcp::acceptor& acceptor) {
    for (;;) {
        auto socket = co_await accept_within_limit(acceptor, [this] { return *active_; }, settings_.max_connections);
        if (!socket) co_return;
        auto active = active_;
        ++*active;
        auto session = std::make_shared<HttpSession>(std::move(*socket), settings_, router_, *static_roots_, metrics_,
                                                     draining_, access_log_);
        asio::co_spawn(executor_, [session, active]() -> asio::awaitable<void> {
            co_await session->run();
            --*active;
        }, asio::detached);
    }
}

}  // namespace runtime::net
