#pragma once
// The FastCGI front end (php-fpm's place behind nginx): a TCP or unix socket listener and
// one session coroutine per web server connection. Requests go to the same pools, policies
// and metrics as HTTP requests.
#include <cstddef>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class FastCgiSession;
struct FastCgiContext;

class FastCgiServer {
public:
    // `settings` supplies the timeouts, the connection limit and the unix socket mode/owner.
    FastCgiServer(asio::any_io_executor executor, const config::Settings& settings, dispatch::Router& router,
                  obs::Metrics& metrics);
    ~FastCgiServer();
    FastCgiServer(const FastCgiServer&) = delete;
    FastCgiServer& operator=(const FastCgiServer&) = delete;

    // Binds and starts accepting. A unix socket file left by a dead earlier run is replaced;
    // one a live server still listens on is not.
    // accept = false (direct dispatch): bind and listen only; the pool's workers accept.
    Result<bool> listen(const config::ListenAddress& address, bool accept = true);
    int listener_fd() const { return acceptor_ ? acceptor_->native_handle() : workers_listener_.get(); }
    // Shutdown: no new connections; idle ones close, busy ones after their current request.
    void stop_accepting();
    std::size_t active_connections() const { return sessions_.size(); }

private:
    asio::awaitable<void> accept_loop();

    asio::any_io_executor executor_;
    config::HttpSettings limits_;
    std::string socket_mode_;
    std::string socket_owner_;
    std::unique_ptr<FastCgiContext> context_;
    using Acceptor = asio::basic_socket_acceptor<asio::generic::stream_protocol>;  // TCP or unix
    std::unique_ptr<Acceptor> acceptor_;
    // Direct dispatch: the listener only the workers accept on, out of the event loop, so a
    // new connection does not wake the master.
    UniqueFd workers_listener_;
    std::string unix_path_;  // removed again on destruction
    std::set<std::shared_ptr<FastCgiSession>> sessions_;
};

}  // namespace runtime::net
