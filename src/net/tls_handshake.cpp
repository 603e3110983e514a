#include "tls_handshake.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/dispatch/deadline.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace asio = boost::asio;

asio::awaitable<std::unique_ptr<TlsTransport>> accept_tls(asio::ip::tcp::socket socket, tls::ServerContexts& contexts,
                                                          std::chrono::seconds timeout) {
    boost::system::error_code ec;
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    const auto peer = socket.remote_endpoint(ec);
    auto transport = std::make_unique<TlsTransport>(TlsStream(std::move(socket), contexts.default_context()));
    dispatch::Deadline deadline(transport->executor());
    deadline.arm(dispatch::Deadline::Clock::now() + timeout, [raw = transport.get()] { raw->cancel(); });
    ec = {};
    co_await transport->stream().async_handshake(asio::ssl::stream_base::server,
                                                 asio::redirect_error(asio::use_awaitable, ec));
    const bool timed_out = deadline.disarm();
    if (ec || timed_out) {
        obs::log(spdlog::level::debug, "TLS handshake with {}:{} failed: {}", peer.address().to_string(), peer.port(),
                 timed_out ? "timed out" : ec.message());
        transport->close();
        co_return nullptr;
    }
    co_return transport;
}

}  // namespace runtime::net
