#pragma once
// One request's exchange with a worker, independent of the client protocol (HTTP or
// FastCGI): acquire a worker, stream the head and body to it, relay its response frames to
// a ResponseSink, apply the request timeout, report the outcome to the pool.
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "runtime/dispatch/response_sink.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::dispatch {

struct BodyPiece {
    enum Kind { data, end, failed } kind;
    std::string bytes;
};

// The client's request body, piece by piece, as it arrives.
using BodySource = std::function<asio::awaitable<BodyPiece>()>;

struct ExchangeRequest {
    ipc::RequestHead head;
    std::string method;  // for the pool's view of what a worker is doing
    std::string target;
    bool has_body = false;
};

// Who served the request, for the access log.
struct ExchangeOutcome {
    pid_t worker_pid = 0;  // 0: no worker took it (503)
};

asio::awaitable<ExchangeOutcome> exchange_with_worker(pool::Pool& pool, ExchangeRequest request, const BodySource& body,
                                                      ResponseSink& sink);

}  // namespace runtime::dispatch
