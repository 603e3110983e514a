#pragma once
// The admin listener (metrics, health, status), separate from application traffic: its own
// acceptor, a few small bounded connections, answers computed on the io thread.
#include <chrono>
#include <cstddef>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/obs/admin_pages.hpp"

namespace runtime::tls {
class ServerContexts;
}

namespace runtime::net {

namespace asio = boost::asio;

class AdminServer {
public:
    // Connections beyond this are closed at once: monitoring needs few.
    static constexpr std::size_t max_connections = 32;
    static constexpr std::chrono::seconds handshake_timeout{10};

    AdminServer(asio::any_io_executor executor, obs::AdminSources sources);
    ~AdminServer();
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

    Result<bool> listen(const config::ListenAddress& address);
    // TLS for connections accepted from now on (before listen(), and again on SIGHUP); on
    // error the running certificates stay.
    Result<bool> use_tls(const config::TlsSettings& tls);

private:
    asio::awaitable<void> accept_loop();

    asio::any_io_executor executor_;
    std::shared_ptr<const obs::AdminSources> sources_;
    std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
    std::shared_ptr<tls::ServerContexts> tls_;  // null: plain HTTP
    std::shared_ptr<std::size_t> active_ = std::make_shared<std::size_t>(0);
};

}  // namespace runtime::net
