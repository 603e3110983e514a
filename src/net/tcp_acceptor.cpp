#include "tcp_acceptor.hpp"

namespace runtime::net {

namespace asio = boost::asio;

Result<std::unique_ptr<asio::ip::tcp::acceptor>> open_tcp_acceptor(asio::any_io_executor executor,
                                                                  const config::ListenAddress& address) {
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address.host, ec);
    if (ec) return Error{address.to_string() + ": invalid address"};
    auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(executor);
    const asio::ip::tcp::endpoint endpoint(ip, address.port);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error{address.to_string() + ": " + ec.message()};
    return acceptor;
}

}  // namespace runtime::net
