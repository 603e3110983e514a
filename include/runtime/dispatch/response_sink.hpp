#pragma once
// Where a worker's response goes: the client protocol's framing (HTTP/1.1, FastCGI) behind
// one small interface, so the worker exchange stays protocol-agnostic.
#include <algorithm>
#include <chrono>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "runtime/ipc/messages.hpp"

namespace runtime::dispatch {

namespace asio = boost::asio;

// The exchange could not deliver the application's response.
struct ExchangeFailure {
    int status = 502;                     // 502 worker crashed, 503 no worker free, 504 timeout
    std::chrono::seconds retry_after{0};  // for 503: when to try again
    bool request_body_read = false;       // the client's request was consumed completely

    // The body of the answer to the client, the same on every protocol.
    std::string_view answer_text() const {
        if (status == 503) return "Service Unavailable: no worker free\n";
        if (status == 504) return "Gateway Timeout\n";
        return "Bad Gateway\n";
    }
    // Retry-After in whole seconds (at least 1) for a 503; 0 when the answer has none.
    long retry_after_seconds() const { return status == 503 ? std::max<long>(retry_after.count(), 1) : 0; }
};

// Calls arrive in order: head, body*, end; or fail / abort at any point. Write errors are
// the sink's own business (it remembers them): the exchange keeps draining the worker.
class ResponseSink {
public:
    virtual ~ResponseSink() = default;

    // The application's status and headers. body_complete: the whole body (content_length
    // bytes) follows before end(); otherwise the body is streamed as the application flushes.
    // 103 Early Hints before head(); ignored where the protocol cannot carry them.
    virtual asio::awaitable<void> early_hints(const ipc::EarlyHints& /*hints*/) { co_return; }
    virtual asio::awaitable<void> head(const ipc::ResponseHead& head) = 0;
    virtual asio::awaitable<void> body(std::string_view bytes) = 0;
    virtual asio::awaitable<void> end() = 0;

    // Answer with failure.status if nothing reached the client yet; otherwise the response
    // is cut short and must not look complete.
    virtual asio::awaitable<void> fail(const ExchangeFailure& failure) = 0;

    // The client side broke (or the worker ended without finishing its response): write
    // nothing more; the connection cannot be reused.
    virtual asio::awaitable<void> abort() = 0;

    // A write to the client failed: the client is gone and nothing more reaches it.
    virtual bool client_gone() const = 0;
};

}  // namespace runtime::dispatch
