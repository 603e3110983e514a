#pragma once
// The HTTP front end: acceptors and one session coroutine per connection. Plain listeners
// (HTTP/1.1, h2c), TLS listeners (ALPN h2 or http/1.1) and redirect listeners (301 to https://).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::tls {
class ServerContexts;
}

namespace runtime::net {

namespace asio = boost::asio;

class StaticRoots;

class HttpServer {
public:
    ~HttpServer();
    HttpServer(asio::any_io_executor executor, const config::HttpSettings& settings, dispatch::Router& router,
               obs::Metrics& metrics);

    Result<bool> listen(const config::ListenAddress& address);
    // HTTPS: the certificates are loaded now; the error names the file or setting at fault.
    Result<bool> listen_tls(const config::ListenAddress& address, const config::TlsSettings& tls);
    // Plain HTTP answering every request with 301 to https://host:https_port/uri.
    Result<bool> listen_https_redirect(const config::ListenAddress& address, std::uint16_t https_port);
    // New TLS connections use these certificates; open ones keep theirs. On error the running
    // certificates stay.
    Result<bool> reload_tls(const config::TlsSettings& tls);
    void stop_accepting();
    // One line per request from now on; null turns it off. Must outlive this server.
    void set_access_log(obs::AccessLog* access_log) { access_log_ = access_log; }
    std::size_t active_connections() const { return *active_; }
    bool draining() const { return *draining_; }

private:
    enum class Kind { plain, tls, redirect };

    Result<asio::ip::tcp::acceptor*> open(const config::ListenAddress& address, std::string_view what);
    asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor, Kind kind, std::uint16_t https_port);
    std::shared_ptr<class HttpSession> make_session(std::unique_ptr<class ByteTransport> transport,
                                                    cgi::ConnectionInfo connection);
    // TLS handshake (bounded by header_timeout), then HTTP/2 or HTTP/1.1 as ALPN settled
    // (http_server_tls.cpp).
    asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, std::shared_ptr<tls::ServerContexts> contexts);
    std::vector<std::string> alpn_protocols() const;

    asio::any_io_executor executor_;
    config::HttpSettings settings_;
    dispatch::Router& router_;
    std::unique_ptr<StaticRoots> static_roots_;
    obs::Metrics& metrics_;
    obs::AccessLog* access_log_ = nullptr;
    std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
    std::shared_ptr<tls::ServerContexts> tls_;  // certificates for new TLS connections
    std::shared_ptr<std::size_t> active_ = std::make_shared<std::size_t>(0);
    std::shared_ptr<bool> draining_ = std::make_shared<bool>(false);
};

}  // namespace runtime::net
