#pragma once
// The server side of a TLS handshake on an accepted connection, shared by the HTTPS and the
// admin listeners.
#include <chrono>
#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "byte_transport.hpp"
#include "runtime/tls/server_contexts.hpp"

namespace runtime::net {

namespace asio = boost::asio;

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
using TlsTransport = StreamTransport<TlsStream>;

// Null when the client fails the handshake or does not finish it within `timeout` (a client
// that never completes it is a slowloris like one that never sends a head); logged at debug.
boost::asio::awaitable<std::unique_ptr<TlsTransport>> accept_tls(boost::asio::ip::tcp::socket socket,
                                                                 tls::ServerContexts& contexts,
                                                                 std::chrono::seconds timeout);

// The ALPN protocol of an established connection ("h2", "http/1.1"; empty without ALPN).
inline std::string_view alpn_protocol(TlsTransport& transport) {
    return tls::negotiated_protocol(transport.stream().native_handle());
}

}  // namespace runtime::net
