#pragma once
// A listening TCP acceptor for one configured address (HTTP and admin listeners).
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::net {

namespace asio = boost::asio;

// Bound with SO_REUSEADDR and listening; the error names the address.
Result<std::unique_ptr<boost::asio::ip::tcp::acceptor>> open_tcp_acceptor(boost::asio::any_io_executor executor,
                                                                          const config::ListenAddress& address);

}  // namespace runtime::net
