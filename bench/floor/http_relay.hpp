#pragma once
#include "floor_common.hpp"

namespace runtime::bench::floor {

// Proxied dispatch's hops with nothing else: one front process (epoll, keep-alive HTTP/1.1
// clients) hands each GET to an idle child over a socketpair and relays its answer; the child
// answers at once, then sends a separate "done" frame, as a worker's request_done follows its
// reset. Runs until killed.
int run_http_relay(const FloorOptions& options);

}  // namespace runtime::bench::floor
