#include "fastcgi_null.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace runtime::bench::floor {
namespace {

// FastCGI record types (FastCGI 1.0, section 8) that the floor needs.
constexpr uint8_t begin_request = 1;
constexpr uint8_t end_request = 3;
constexpr uint8_t stdin_record = 5;
constexpr uint8_t stdout_record = 6;
constexpr std::size_t header_size = 8;

std::string record(uint8_t type, uint16_t id, std::string_view content) {
    std::string out;
    out += static_cast<char>(1);
    out += static_cast<char>(type);
    out += static_cast<char>(id >> 8);
    out += static_cast<char>(id & 0xff);
    out += static_cast<char>(content.size() >> 8);
    out += static_cast<char>(content.size() & 0xff);
    out += '\0';  // no padding
    out += '\0';
    out += content;
    return out;
}

std::string answer(uint16_t id, const std::string& body) {
    const std::string cgi = "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n" + body;
    const std::string end_body(8, '\0');  // app status 0, FCGI_REQUEST_COMPLETE
    return record(stdout_record, id, cgi) + record(stdout_record, id, {}) + record(end_request, id, end_body);
}

// Reads records until the request's empty stdin record; its request id, or -1 if the peer left.
int read_request(int fd, std::vector<unsigned char>& buffer) {
    std::size_t have = 0;
    int id = -1;
    for (;;) {
        std::size_t at = 0;
        while (have - at >= header_size) {
            const unsigned char* h = buffer.data() + at;
            const std::size_t length = (std::size_t{h[4]} << 8) | h[5];
            const std::size_t total = header_size + length + h[6];
            if (have - at < total) break;
            if (h[1] == begin_request) id = (h[2] << 8) | h[3];
            if (h[1] == stdin_record && length == 0) return id;
            at += total;
        }
        std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(at), buffer.begin() + static_cast<std::ptrdiff_t>(have),
                  buffer.begin());
        have -= at;
        if (have == buffer.size()) buffer.resize(buffer.size() * 2);
        const ssize_t n = ::read(fd, buffer.data() + have, buffer.size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        have += static_cast<std::size_t>(n);
    }
}

int child_loop(int listener, const std::string& body) {
    UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event event{};
    event.events = EPOLLIN | EPOLLEXCLUSIVE;
    event.data.fd = listener;
    if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, listener, &event) != 0) return 1;
    std::vector<unsigned char> buffer(16 * 1024);
    for (;;) {
        UniqueFd connection(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
        if (!connection) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) return 1;
            epoll_event ready{};
            ::epoll_wait(epoll.get(), &ready, 1, -1);
            continue;
        }
        const int id = read_request(connection.get(), buffer);
        if (id >= 0) write_all(connection.get(), answer(static_cast<uint16_t>(id), body));
    }
}

}  // namespace

int run_fastcgi_null(const FloorOptions& options) {
    UniqueFd listener = open_listener(options.listen);
    if (!listener) return 1;
    const std::string body = json_body(options.body_bytes);
    for (int i = 0; i < options.workers; ++i) {
        if (fork_child([&] { return child_loop(listener.get(), body); }) < 0) return 1;
    }
    std::printf("runtime-hop-floor: fastcgi on %s with %d children\n", options.listen.c_str(), options.workers);
    std::fflush(stdout);
    // Like a direct-dispatch master: off the request path, waiting for its children. A child
    // that ends ends the run: its CPU would drop out of the measurement unnoticed.
    int status = 0;
    pid_t ended = -1;
    while ((ended = ::wait(&status)) < 0 && errno == EINTR) {}
    std::fprintf(stderr, "runtime-hop-floor: child %d ended (status %d)\n", static_cast<int>(ended), status);
    return 1;
}

}  // namespace runtime::bench::floor
