#pragma once
// The HTTP/1.1 front end: acceptors and one session coroutine per connection.
#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/net/router.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class StaticRoots;

class HttpServer {
public:
    ~HttpServer();
    HttpServer(asio::any_io_executor executor, const config::HttpSettings& settings, Router& router,
               obs::Metrics& metrics);

    Result<bool> listen(const config::ListenAddress& address);
    void stop_accepting();
    // One line per request from now on; null turns it off. Must outlive this server.
    void set_access_log(obs::AccessLog* access_log) { access_log_ = access_log; }
    std::size_t active_connections() const { return *active_; }
    bool draining() const { return *draining_; }

private:
    asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor);

    asio::any_io_executor executor_;
    config::HttpSettings settings_;
    Router& router_;
    std::unique_ptr<StaticRoots> static_roots_;
    obs::Metrics& metrics_;
    obs::AccessLog* access_log_ = nullptr;
    std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
    std::shared_ptr<std::size_t> active_ = std::make_shared<std::size_t>(0);
    std::shared_ptr<bool> draining_ = std::make_shared<bool>(false);
};

}  // namespace runtime::net
