#include "runtime/common/fd_passing.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace runtime {

Result<bool> send_with_fds(int socket, std::string_view payload, std::span<const int> fds) {
    msghdr msg{};
    iovec iov{const_cast<char*>(payload.data()), payload.size()};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
    if (!fds.empty()) {
        msg.msg_control = control.data();
        msg.msg_controllen = control.size();
        cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
        std::memcpy(CMSG_DATA(cmsg), fds.data(), sizeof(int) * fds.size());
    }
    ssize_t sent;
    do {
        sent = ::sendmsg(socket, &msg, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) return Error{std::string("sendmsg: ") + std::strerror(errno)};
    if (static_cast<std::size_t>(sent) != payload.size()) return Error{"sendmsg: short write"};
    return true;
}

Result<ReceivedMessage> receive_with_fds(int socket, std::size_t max_payload, std::size_t max_fds) {
    ReceivedMessage out;
    out.payload.resize(max_payload);
    msghdr msg{};
    iovec iov{out.payload.data(), out.payload.size()};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    std::vector<char> control(CMSG_SPACE(sizeof(int) * max_fds));
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    ssize_t got;
    do {
        got = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return Error{std::string("recvmsg: ") + std::strerror(errno)};
    out.payload.resize(static_cast<std::size_t>(got));
    for (cmsghdr* cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) continue;
        const std::size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
            out.fds.emplace_back(fd);
        }
    }
    if (msg.msg_flags & MSG_CTRUNC) return Error{"recvmsg: descriptors truncated"};
    return out;
}

}  // namespace runtime
