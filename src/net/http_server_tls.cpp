// HTTPS connections: the TLS handshake, then the session ALPN chose.
#include "connection_info.hpp"
#include "http2_session.hpp"
#include "http_session.hpp"
#include "runtime/net/http_server.hpp"
#include "tls_handshake.hpp"

namespace runtime::net {

asio::awaitable<void> HttpServer::serve_tls(asio::ip::tcp::socket socket,
                                            std::shared_ptr<tls::ServerContexts> contexts) {
    cgi::ConnectionInfo connection = describe_connection(socket, true);
    auto transport = co_await accept_tls(std::move(socket), *contexts, settings_.header_timeout);
    if (!transport) {
        metrics_.tls_handshake("failed");
        co_return;
    }
    const bool h2 = alpn_protocol(*transport) == "h2";
    metrics_.tls_handshake(h2 ? "h2" : "http/1.1");  // fixed values: the label set stays small
    if (h2) {
        metrics_.connection_opened();
        auto session = std::make_shared<Http2Session>(std::move(transport), std::string(), std::move(connection),
                                                      FrontEnd{settings_, router_, *static_roots_}, metrics_, draining_,
                                                      access_log_);
        co_await session->run();
        metrics_.connection_closed();
        co_return;
    }
    auto session = make_session(std::move(transport), std::move(connection));
    co_await session->run();
}

}  // namespace runtime::net
