#pragma once
// One request's exchange with a worker, independent of the client protocol (HTTP or
// FastCGI): acquire a worker, stream the head and body to it, relay its response frames to
// the client through ExchangeIo, apply the request timeout, report the outcome to the pool.
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "runtime/ipc/messages.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::net {

namespace asio = boost::asio;

struct BodyPiece {
    enum Kind { data, end, failed } kind;
    std::string bytes;
};

struct ExchangeIo {
    std::function<asio::awaitable<BodyPiece>()> next_body;               // client body, piece by piece
    std::function<asio::awaitable<bool>(std::string_view)> write;        // raw bytes to the client
};

struct ExchangeRequest {
    ipc::RequestHead head;
    std::string method;
    std::string target;
    int version_minor = 1;
    bool is_head = false;
    bool has_body = false;
    bool keep_alive = true;
};

struct ExchangeResult {
    int status = 0;          // what the client got (0: nothing)
    bool keep_alive = false; // the connection may serve another request
};

// HTTP/1.1 client framing (Content-Length, chunked or close-delimited) over ExchangeIo.
asio::awaitable<ExchangeResult> exchange_with_worker(pool::Pool& pool, ExchangeRequest request, ExchangeIo& io);

}  // namespace runtime::net
