#include "blocking_channel.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace runtime::worker {

Result<std::optional<ipc::Frame>> BlockingChannel::read() {
    char buffer[64 * 1024];
    for (;;) {
        auto frame = decoder_.next();
        if (!frame) return frame.error();
        if (frame.value()) return std::move(frame.value());
        const ssize_t got = ::read(fd_.get(), buffer, sizeof buffer);
        if (got == 0) return std::optional<ipc::Frame>{};
        if (got < 0) {
            if (errno == EINTR) continue;
            return Error{std::string("ipc read: ") + std::strerror(errno)};
        }
        decoder_.feed({buffer, static_cast<std::size_t>(got)});
    }
}

Result<bool> BlockingChannel::write(ipc::FrameType type, std::string_view payload, std::uint8_t flags) {
    out_.clear();
    ipc::append_frame(out_, type, payload, flags);
    std::size_t done = 0;
    while (done < out_.size()) {
        const ssize_t sent = ::send(fd_.get(), out_.data() + done, out_.size() - done, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            return Error{std::string("ipc write: ") + std::strerror(errno)};
        }
        done += static_cast<std::size_t>(sent);
    }
    return true;
}

}  // namespace runtime::worker
