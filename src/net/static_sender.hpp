#pragma once
// Sends part of a file to a TCP client with sendfile(2): the bytes go from the page cache to
// the socket without passing through user space.
#include <chrono>
#include <cstdint>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace runtime::net {

namespace asio = boost::asio;

// Sends `length` bytes of `file` starting at `offset`. False when the client stalls for longer
// than `stall_timeout`, goes away, or the file shrank meanwhile: the connection must close,
// as the announced length can no longer be honoured.
asio::awaitable<bool> send_file_range(asio::ip::tcp::socket& socket, int file, std::uint64_t offset,
                                      std::uint64_t length, std::chrono::seconds stall_timeout);

}  // namespace runtime::net
