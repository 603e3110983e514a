#include "runtime/ipc/worker_link.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace runtime::ipc {

WorkerLink::WorkerLink(asio::any_io_executor executor, UniqueFd fd)
    : socket_(executor, asio::local::stream_protocol(), fd.release()) {
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);  // write() tries a plain send first
}

asio::awaitable<Result<Frame>> WorkerLink::read() {
    for (;;) {
        auto frame = decoder_.next();
        if (!frame) co_return frame.error();
        if (frame.value()) co_return std::move(*frame.value());
        boost::system::error_code ec;
        const std::size_t n =
            co_await socket_.async_read_some(asio::buffer(buffer_), asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return ec == asio::error::eof ? Error{ErrorCode::peer_closed, "worker closed its socket"}
                                             : Error{ErrorCode::io, "worker socket: " + ec.message()};
        decoder_.feed({buffer_.data(), n});
    }
}

// A non-blocking send first: the worker's socket buffer almost always takes a request whole,
// and an asynchronous write would cost a pass through the event loop.
asio::awaitable<Result<bool>> WorkerLink::write(std::string bytes) {
    boost::system::error_code ec;
    const std::size_t sent = socket_.write_some(asio::buffer(bytes), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again)
        co_return Error{ErrorCode::io, "worker socket: " + ec.message()};
    if (sent == bytes.size()) co_return true;
    ec = {};
    co_await asio::async_write(socket_, asio::buffer(bytes.data() + sent, bytes.size() - sent),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return Error{ErrorCode::io, "worker socket: " + ec.message()};
    co_return true;
}

void WorkerLink::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace runtime::ipc
