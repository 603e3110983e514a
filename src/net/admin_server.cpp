#include "runtime/net/admin_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accept.hpp"
#include "admin_session.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/tls/server_contexts.hpp"
#include "tcp_acceptor.hpp"
#include "tls_handshake.hpp"

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
    obs::log(spdlog::level::info, "listening for admin (metrics, health, status) on {}{}", address.to_string(),
             tls_ ? " (TLS)" : "");
    asio::co_spawn(executor_, accept_loop(), asio::detached);
    return true;
}

Result<bool> AdminServer::use_tls(const config::TlsSettings& tls) {
    auto contexts = tls::ServerContexts::load(tls, {"http/1.1"});
    if (!contexts) return contexts.error();
    tls_ = std::move(contexts.value());
    return true;
}

asio::awaitable<void> AdminServer::accept_loop() {
    for (;;) {
        auto socket = co_await accept_within_limit(*acceptor_, [this] { return *active_; }, max_connections);
        if (!socket) co_return;
        auto active = active_;
        ++*active;
        asio::co_spawn(
            executor_,
            [sources = sources_, active, contexts = tls_,
             connection = std::move(*socket)]() mutable -> asio::awaitable<void> {
                std::unique_ptr<ByteTransport> transport;
                if (contexts) {
                    transport = co_await accept_tls(std::move(connection), *contexts, handshake_timeout);
                } else {
                    transport = make_byte_transport(std::move(connection));
                }
                if (transport) co_await AdminSession(std::move(transport), sources).run();
                --*active;
            },
            asio::detached);
    }
}

}  // namespace runtime::net
