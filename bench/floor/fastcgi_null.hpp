#pragma once
#include "floor_common.hpp"

namespace runtime::bench::floor {

// Direct dispatch's hops with nothing else: children accept on the shared listener as direct
// workers do (an idle child waits in its own epoll, the listener added EPOLLEXCLUSIVE), read one
// FastCGI request, answer it in one write and close, as for nginx's stock block (no
// keep-alive). Runs until killed.
int run_fastcgi_null(const FloorOptions& options);

}  // namespace runtime::bench::floor
