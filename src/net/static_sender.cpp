#include "static_sender.hpp"

#include <sys/sendfile.h>

#include <algorithm>
#include <cerrno>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/dispatch/deadline.hpp"

namespace runtime::net {

namespace {

// Per call: large enough for throughput, small enough to interleave other connections.
constexpr std::uint64_t kSendfileSlice = 1024 * 1024;

// Waits until the socket can take more bytes; false on timeout or error.
asio::awaitable<bool> wait_writable(asio::ip::tcp::socket& socket, std::chrono::seconds timeout) {
    dispatch::Deadline deadline(socket.get_executor());
    deadline.arm_cancel(socket, dispatch::Deadline::Clock::now() + timeout);
    boost::system::error_code ec;
    co_await socket.async_wait(asio::ip::tcp::socket::wait_write, asio::redirect_error(asio::use_awaitable, ec));
    const bool timed_out = deadline.disarm();
    co_return !ec && !timed_out;
}

}  // namespace

asio::awaitable<bool> send_file_range(asio::ip::tcp::socket& socket, int file, std::uint64_t offset,
                                      std::uint64_t length, std::chrono::seconds stall_timeout) {
    boost::system::error_code ec;
    socket.native_non_blocking(true, ec);
    if (ec) co_return false;
    while (length > 0) {
        off_t position = static_cast<off_t>(offset);
        const ssize_t sent = ::sendfile(socket.native_handle(), file, &position,
                                        static_cast<std::size_t>(std::min(length, kSendfileSlice)));
        if (sent > 0) {
            offset += static_cast<std::uint64_t>(sent);
            length -= static_cast<std::uint64_t>(sent);
            continue;
        }
        if (sent == 0) co_return false;  // the file is shorter than announced
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) co_return false;
        if (!co_await wait_writable(socket, stall_timeout)) co_return false;
    }
    co_return true;
}

}  // namespace runtime::net
