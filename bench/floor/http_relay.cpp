#include "http_relay.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <vector>

namespace runtime::bench::floor {
namespace {

// Frames between front and child: a 4-byte length, then the bytes; length 0 is "done".
std::string frame(std::string_view payload) {
    const auto length = static_cast<uint32_t>(payload.size());
    std::string out(reinterpret_cast<const char*>(&length), sizeof(length));
    out += payload;
    return out;
}

// Takes the next whole frame off the front of `buffer` into `payload`.
bool next_frame(std::string& buffer, std::string& payload) {
    uint32_t length = 0;
    if (buffer.size() < sizeof(length)) return false;
    std::memcpy(&length, buffer.data(), sizeof(length));
    if (buffer.size() < sizeof(length) + length) return false;
    payload.assign(buffer, sizeof(length), length);
    buffer.erase(0, sizeof(length) + length);
    return true;
}

int child_loop(int fd, const std::string& response) {
    const std::string answer = frame(response);
    const std::string done = frame({});
    std::string buffer;
    std::string request;
    std::vector<char> chunk(64 * 1024);
    for (;;) {
        const ssize_t n = ::read(fd, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        buffer.append(chunk.data(), static_cast<std::size_t>(n));
        while (next_frame(buffer, request)) {
            if (!write_all(fd, answer) || !write_all(fd, done)) return 0;
        }
    }
}

struct Child {
    UniqueFd fd;
    std::string in;
    int client = -1;  // the client whose request it serves; -1 idle, -2 serving a client that left
};

class Front {
public:
    Front(UniqueFd listener, std::vector<Child> children)
        : listener_(std::move(listener)), children_(std::move(children)), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        watch(listener_.get());
        for (const Child& child : children_) watch(child.fd.get());
    }

    int run() {
        std::vector<epoll_event> events(128);
        for (;;) {
            const int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), -1);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) return 1;
            for (int i = 0; i < n; ++i) on_ready(events[static_cast<std::size_t>(i)].data.fd);
        }
    }

private:
    void watch(int fd) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event);
    }

    void on_ready(int fd) {
        if (fd == listener_.get()) return accept_clients();
        for (Child& child : children_) {
            if (child.fd.get() == fd) return on_child(child);
        }
        on_client(fd);
    }

    void accept_clients() {
        for (;;) {
            const int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return;
            Client& client = clients_[fd];
            client.fd.reset(fd);
            client.serial = ++accepted_;
            watch(fd);
        }
    }

    void on_client(int fd) {
        auto found = clients_.find(fd);
        if (found == clients_.end()) return;
        char chunk[16 * 1024];
        const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return drop_client(fd);
        if (n < 0) return;
        std::string& in = found->second.in;
        in.append(chunk, static_cast<std::size_t>(n));
        // GETs only: a request ends with its head, no body to frame.
        for (auto end = in.find("\r\n\r\n"); end != std::string::npos; end = in.find("\r\n\r\n")) {
            waiting_.push_back(Queued{fd, found->second.serial, frame(std::string_view(in).substr(0, end + 4))});
            in.erase(0, end + 4);
        }
        dispatch();
    }

    void drop_client(int fd) {
        clients_.erase(fd);  // closes it, which also takes it out of the epoll set
        for (Child& child : children_) {
            if (child.client == fd) child.client = -2;  // answer still owed, to nobody
        }
    }

    // Hands queued requests to idle children; requests of clients that left meanwhile are dropped.
    void dispatch() {
        for (Child& child : children_) {
            if (child.client != -1) continue;
            while (!waiting_.empty() && child.client == -1) {
                Queued next = std::move(waiting_.front());
                waiting_.pop_front();
                const auto client = clients_.find(next.fd);
                if (client == clients_.end() || client->second.serial != next.serial) continue;
                child.client = next.fd;
                if (!write_all(child.fd.get(), next.bytes))
                    std::fprintf(stderr, "runtime-hop-floor: child socket failed\n");
            }
            if (waiting_.empty()) return;
        }
    }

    void on_child(Child& child) {
        char chunk[64 * 1024];
        const ssize_t n = ::recv(child.fd.get(), chunk, sizeof(chunk), 0);
        if (n <= 0) {
            std::fprintf(stderr, "runtime-hop-floor: a child went away\n");
            std::exit(1);
        }
        child.in.append(chunk, static_cast<std::size_t>(n));
        std::string payload;
        while (next_frame(child.in, payload)) {
            if (payload.empty()) {  // done: the child is idle again
                child.client = -1;
                dispatch();
            } else if (child.client >= 0 && ::send(child.client, payload.data(), payload.size(), MSG_NOSIGNAL) !=
                                                static_cast<ssize_t>(payload.size())) {
                drop_client(child.client);  // a tiny answer that a socket cannot take whole: give up on it
            }
        }
    }

    struct Client {
        UniqueFd fd;
        std::string in;
        std::uint64_t serial = 0;  // tells a client from a later one given the same fd number
    };
    struct Queued {
        int fd;
        std::uint64_t serial;
        std::string bytes;
    };

    UniqueFd listener_;
    std::vector<Child> children_;
    UniqueFd epoll_;
    std::map<int, Client> clients_;
    std::deque<Queued> waiting_;
    std::uint64_t accepted_ = 0;
};

}  // namespace

int run_http_relay(const FloorOptions& options) {
    UniqueFd listener = open_listener(options.listen);
    if (!listener) return 1;
    const std::string body = json_body(options.body_bytes);
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    std::vector<Child> children;
    for (int i = 0; i < options.workers; ++i) {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return 1;
        UniqueFd front_end(pair[0]);
        UniqueFd child_end(pair[1]);
        const int child_fd = child_end.get();
        if (fork_child([&] {
                listener.reset();
                front_end.reset();
                children.clear();  // the other children's front ends
                return child_loop(child_fd, response);
            }) < 0)
            return 1;
        children.push_back(Child{std::move(front_end), {}, -1});
    }
    std::printf("runtime-hop-floor: http relay on %s with %d children\n", options.listen.c_str(), options.workers);
    std::fflush(stdout);
    return Front(std::move(listener), std::move(children)).run();
}

}  // namespace runtime::bench::floor
