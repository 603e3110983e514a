#include "runtime/net/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "accept.hpp"
#include "byte_transport.hpp"
#include "connection_info.hpp"
#include "http_session.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/tls/server_contexts.hpp"
#include "tcp_acceptor.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

HttpServer::HttpServer(asio::any_io_executor executor, const config::HttpSettings& settings, dispatch::Router& router,
                       obs::Metrics& metrics)
    : executor_(executor),
      settings_(settings),
      router_(router),
      static_roots_(std::make_unique<StaticRoots>()),
      metrics_(metrics) {}

HttpServer::~HttpServer() = default;

Result<asio::ip::tcp::acceptor*> HttpServer::open(const config::ListenAddress& address, std::string_view what) {
    auto acceptor = open_tcp_acceptor(executor_, address);
    if (!acceptor) return Error{"listen " + acceptor.error().message};
    obs::log(lvl::info, "listening for {} on {}", what, address.to_string());
    acceptors_.push_back(std::move(acceptor.value()));
    return acceptors_.back().get();
}

Result<bool> HttpServer::listen(const config::ListenAddress& address) {
    auto acceptor = open(address, "HTTP");
    if (!acceptor) return acceptor.error();
    asio::co_spawn(executor_, accept_loop(**acceptor, Kind::plain, 0), asio::detached);
    return true;
}

Result<bool> HttpServer::listen_tls(const config::ListenAddress& address, const config::TlsSettings& tls) {
    if (auto loaded = reload_tls(tls); !loaded)
        return Error{"listen " + address.to_string() + ": " + loaded.error().message};
    auto acceptor = open(address, "HTTPS");
    if (!acceptor) return acceptor.error();
    asio::co_spawn(executor_, accept_loop(**acceptor, Kind::tls, 0), asio::detached);
    return true;
}

Result<bool> HttpServer::listen_https_redirect(const config::ListenAddress& address, std::uint16_t https_port) {
    auto acceptor = open(address, "HTTP redirected to HTTPS");
    if (!acceptor) return acceptor.error();
    asio::co_spawn(executor_, accept_loop(**acceptor, Kind::redirect, https_port), asio::detached);
    return true;
}

Result<bool> HttpServer::reload_tls(const config::TlsSettings& tls) {
    auto contexts = tls::ServerContexts::load(tls, alpn_protocols());
    if (!contexts) return contexts.error();
    tls_ = std::move(contexts.value());
    return true;
}

std::vector<std::string> HttpServer::alpn_protocols() const {
    if (settings_.http2) return {"h2", "http/1.1"};
    return {"http/1.1"};
}

void HttpServer::stop_accepting() {
    *draining_ = true;
    for (auto& acceptor : acceptors_) {
        boost::system::error_code ignored;
        acceptor->close(ignored);
    }
}

std::shared_ptr<HttpSession> HttpServer::make_session(std::unique_ptr<ByteTransport> transport,
                                                      cgi::ConnectionInfo connection) {
    return std::make_shared<HttpSession>(std::move(transport), std::move(connection), settings_, router_,
                                         *static_roots_, metrics_, draining_, access_log_);
}

asio::awaitable<void> HttpServer::accept_loop(asio::ip::tcp::acceptor& acceptor, Kind kind, std::uint16_t https_port) {
    for (;;) {
        auto socket = co_await accept_within_limit(
            acceptor, [this] { return *active_; }, settings_.max_connections);
        if (!socket) co_return;
        auto active = active_;
        ++*active;
        if (kind == Kind::tls) {
            asio::co_spawn(
                executor_,
                [this, active, contexts = tls_, connection = std::move(*socket)]() mutable -> asio::awaitable<void> {
                    co_await serve_tls(std::move(connection), std::move(contexts));
                    --*active;
                },
                asio::detached);
            continue;
        }
        boost::system::error_code ignored;
        socket->set_option(asio::ip::tcp::no_delay(true), ignored);
        cgi::ConnectionInfo connection = describe_connection(*socket, false);
        auto session = make_session(make_byte_transport(std::move(*socket)), std::move(connection));
        if (kind == Kind::redirect) session->redirect_to_https(https_port);
        asio::co_spawn(
            executor_,
            [session, active]() -> asio::awaitable<void> {
                co_await session->run();
                --*active;
            },
            asio::detached);
    }
}

}  // namespace runtime::net
