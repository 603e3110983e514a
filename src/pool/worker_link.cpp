#include "runtime/pool/worker_link.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace runtime::pool {

WorkerLink::WorkerLink(asio::any_io_executor executor, UniqueFd fd)
    : socket_(executor, asio::local::stream_protocol(), fd.release()) {}

asio::awaitable<Result<ipc::Frame>> WorkerLink::read() {
    for (;;) {
        auto frame = decoder_.next();
        if (!frame) co_return frame.error();
        if (frame.value()) co_return std::move(*frame.value());
        boost::system::error_code ec;
        const std::size_t n =
            co_await socket_.async_read_some(asio::buffer(buffer_), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return Error{ec == asio::error::eof ? "worker closed its socket" : "worker socket: " + ec.message()};
        decoder_.feed({buffer_.data(), n});
    }
}

asio::awaitable<Result<bool>> WorkerLink::write(std::string bytes) {
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return Error{"worker socket: " + ec.message()};
    co_return true;
}

void WorkerLink::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace runtime::pool
