#include "runtime/ipc/blocking_channel.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace runtime::ipc {

Result<std::optional<Frame>> BlockingChannel::read() {
    if (!pending_.empty()) {
        Frame frame = std::move(pending_.front());
        pending_.pop_front();
        return std::optional<Frame>(std::move(frame));
    }
    char buffer[64 * 1024];
    for (;;) {
        auto frame = decoder_.next();
        if (!frame) return frame.error();
        if (frame.value()) return std::move(frame.value());
        const ssize_t got = ::read(fd_.get(), buffer, sizeof buffer);
        if (got == 0) return std::optional<Frame>{};
        if (got < 0) {
            if (errno == EINTR) continue;
            return Error{ErrorCode::io, std::string("ipc read: ") + std::strerror(errno)};
        }
        decoder_.feed({buffer, static_cast<std::size_t>(got)});
    }
}

bool BlockingChannel::client_aborted_arrived() {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::recv(fd_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (got > 0) {
            decoder_.feed({buffer, static_cast<std::size_t>(got)});
            continue;
        }
        if (got < 0 && errno == EINTR) continue;
        break;  // nothing more now; EOF and errors are read()'s to report
    }
    bool aborted = false;
    for (;;) {
        auto frame = decoder_.next();
        if (!frame || !frame.value()) break;  // a malformed stream is left for read() to report
        if (frame.value()->type == FrameType::client_aborted) {
            aborted = true;
        } else {
            pending_.push_back(std::move(*frame.value()));
        }
    }
    return aborted;
}

void BlockingChannel::queue(FrameType type, std::string_view payload, std::uint8_t flags) {
    ipc::append_frame(out_, type, payload, flags);
}

Result<bool> BlockingChannel::write(FrameType type, std::string_view payload, std::uint8_t flags) {
    queue(type, payload, flags);
    return flush();
}

Result<bool> BlockingChannel::flush() {
    std::size_t done = 0;
    while (done < out_.size()) {
        const ssize_t sent = ::send(fd_.get(), out_.data() + done, out_.size() - done, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            out_.clear();
            return Error{ErrorCode::io, std::string("ipc write: ") + std::strerror(errno)};
        }
        done += static_cast<std::size_t>(sent);
    }
    out_.clear();
    return true;
}

}  // namespace runtime::ipc
