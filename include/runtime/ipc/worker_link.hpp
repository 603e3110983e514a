#pragma once
// The master's end of one worker's socket: asynchronous frame reads and writes.
#include <array>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/ipc/frame.hpp"

namespace runtime::ipc {

namespace asio = boost::asio;

class WorkerLink {
public:
    WorkerLink(asio::any_io_executor executor, UniqueFd fd);

    // The next frame; an error when the worker closed its end or sent garbage.
    asio::awaitable<Result<Frame>> read();
    asio::awaitable<Result<bool>> write(std::string bytes);
    void close();

private:
    asio::local::stream_protocol::socket socket_;
    FrameDecoder decoder_;
    std::array<char, 64 * 1024> buffer_{};
};

}  // namespace runtime::ipc
