#pragma once
// The connection facts CGI variables need (REMOTE_ADDR, SERVER_PORT, HTTPS), read once when
// the connection is accepted.
#include <boost/asio/ip/tcp.hpp>

#include "runtime/cgi/cgi_params.hpp"

namespace runtime::net {

namespace asio = boost::asio;

inline cgi::ConnectionInfo describe_connection(const boost::asio::ip::tcp::socket& socket, bool https) {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    const auto local = socket.local_endpoint(ec);
    cgi::ConnectionInfo connection;
    connection.remote_addr = remote.address().to_string();
    connection.remote_port = remote.port();
    connection.server_addr = local.address().to_string();
    connection.server_port = local.port();
    connection.https = https;
    return connection;
}

}  // namespace runtime::net
