#pragma once
// What the master learns from each worker request beyond its response: the route-labelled
// duration, state leaks the verifier found (counted and logged), slow requests.
#include <chrono>
#include <string>

#include "runtime/ipc/messages.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::dispatch {

// The worker reported the request for `uri` done; `elapsed` runs from the exchange's start.
void observe_request_done(pool::Pool& pool, const pool::Worker& worker, const ipc::RequestDone& done,
                          std::chrono::steady_clock::duration elapsed, const std::string& uri);
// The worker never reported (crash, timeout): no route is known.
void observe_request_lost(pool::Pool& pool, std::chrono::steady_clock::duration elapsed);

}  // namespace runtime::dispatch
