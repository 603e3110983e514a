#pragma once
// What both floor modes share: the listening socket, forked children, fixed-size I/O.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/common/unique_fd.hpp"

namespace runtime::bench::floor {

struct FloorOptions {
    std::string listen;           // HOST:PORT or unix:PATH
    int workers = 2;              // child processes that do the "application" side
    std::size_t body_bytes = 48;  // the example app's JSON route answers 48 bytes
};

// A non-blocking listening socket on a TCP address (127.0.0.1:PORT) or unix:PATH; on failure an
// invalid fd, and the reason is on stderr.
UniqueFd open_listener(const std::string& address);

// Forks a child that runs `body` and exits; the child dies with its parent (PDEATHSIG).
// Returns the child's pid, or -1.
int fork_child(const std::function<int()>& body);

// The response body: a JSON object padded to exactly `bytes` bytes (at least 12).
std::string json_body(std::size_t bytes);

// A blocking write of all of `bytes`: false on error.
bool write_all(int fd, std::string_view bytes);

}  // namespace runtime::bench::floor
