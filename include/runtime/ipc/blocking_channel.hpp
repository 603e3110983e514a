#pragma once
// The worker's end of its socket to the master, with blocking frame I/O: the worker has no
// event loop, it waits for the next frame exactly when PHP waits for the next request or body.
#include <deque>
#include <optional>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/ipc/frame.hpp"

namespace runtime::ipc {

class BlockingChannel {
public:
    explicit BlockingChannel(UniqueFd fd) : fd_(std::move(fd)) {}

    // The next frame; std::nullopt when the master closed the socket.
    Result<std::optional<Frame>> read();
    Result<bool> write(FrameType type, std::string_view payload, std::uint8_t flags = 0);
    // Frames queued are sent together by the next flush() (or write()): a buffered response's
    // head, body and end leave in one send, so the master wakes once for them.
    void queue(FrameType type, std::string_view payload, std::uint8_t flags = 0);
    Result<bool> flush();
    // Without blocking: true if a client_aborted frame has arrived. Called only when output
    // is sent, so a request that never flushes costs no extra syscall. Other frames that
    // arrived meanwhile (a shutdown) are kept for read().
    bool client_aborted_arrived();
    int fd() const { return fd_.get(); }

private:
    UniqueFd fd_;
    FrameDecoder decoder_;
    std::deque<Frame> pending_;  // decoded by client_aborted_arrived(), not yet read
    std::string out_;
};

}  // namespace runtime::ipc
