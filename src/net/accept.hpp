#pragma once
// The accept step every listener shares: wait for a connection, refuse it at once when the
// listener is at its connection limit (keep serving the rest), stop when the acceptor closes.
#include <cstddef>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace runtime::net {

namespace asio = boost::asio;

// `open_connections()` is asked after each accept. nullopt: the acceptor was closed.
template <class Acceptor, class OpenConnections>
boost::asio::awaitable<std::optional<typename Acceptor::protocol_type::socket>> accept_within_limit(
    Acceptor& acceptor, OpenConnections open_connections, std::size_t limit) {
    for (;;) {
        boost::system::error_code ec;
        auto socket = co_await acceptor.async_accept(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        if (ec) {
            if (!acceptor.is_open()) co_return std::nullopt;
            continue;
        }
        if (open_connections() >= limit) {
            socket.close(ec);
            continue;
        }
        co_return std::optional<typename Acceptor::protocol_type::socket>(std::move(socket));
    }
}

}  // namespace runtime::net
