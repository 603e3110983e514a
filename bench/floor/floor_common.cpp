#include "floor_common.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace runtime::bench::floor {

namespace {

bool is_unix_address(const std::string& address) { return address.rfind("unix:", 0) == 0; }

UniqueFd listen_on(const std::string& address, std::string& error) {
    const int one = 1;
    if (is_unix_address(address)) {
        const std::string path = address.substr(5);
        sockaddr_un un{};
        if (path.empty() || path.size() >= sizeof(un.sun_path)) {
            error = "unix socket path is empty or too long: " + path;
            return {};
        }
        un.sun_family = AF_UNIX;
        std::memcpy(un.sun_path, path.c_str(), path.size() + 1);
        UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        ::unlink(path.c_str());
        if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&un), sizeof(un)) != 0 ||
            ::listen(fd.get(), 511) != 0) {
            error = "listen " + address + ": " + std::strerror(errno);
            return {};
        }
        return fd;
    }
    const auto colon = address.rfind(':');
    sockaddr_in in{};
    in.sin_family = AF_INET;
    if (colon == std::string::npos || ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &in.sin_addr) != 1) {
        error = "not an IPv4 HOST:PORT or unix:PATH address: " + address;
        return {};
    }
    in.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        error = std::string("socket: ") + std::strerror(errno);
        return {};
    }
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    // Accepted connections inherit it, as the server's direct workers arrange.
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&in), sizeof(in)) != 0 || ::listen(fd.get(), 511) != 0) {
        error = "listen " + address + ": " + std::strerror(errno);
        return {};
    }
    return fd;
}

}  // namespace

UniqueFd open_listener(const std::string& address) {
    std::string error;
    UniqueFd fd = listen_on(address, error);
    if (!fd) std::fprintf(stderr, "runtime-hop-floor: %s\n", error.c_str());
    return fd;
}

int fork_child(const std::function<int()>& body) {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(0);  // the parent is already gone
    ::_exit(body());
}

std::string json_body(std::size_t bytes) {
    std::string body = "{\"floor\":\"";
    const std::size_t closing = 2;  // "}
    if (bytes > body.size() + closing) body.append(bytes - body.size() - closing, 'x');
    body += "\"}";
    return body;
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace runtime::bench::floor
