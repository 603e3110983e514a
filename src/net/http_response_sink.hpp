#pragma once
// HTTP/1.1 framing of a worker's response: Content-Length when the length is known up front,
// chunked (or close-delimited for HTTP/1.0) when streaming, no body for HEAD/1xx/204/304.
// Headers PHP must never put on the wire (CR/LF, invalid names) are refused with a 502.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/dispatch/response_sink.hpp"
#include "runtime/http/response_head.hpp"
#include "runtime/http/static_delegation.hpp"

namespace runtime::net {

namespace asio = boost::asio;

// What the HTTP request says about how to answer it.
struct HttpAnswerContext {
    std::string target;  // for log lines
    int version_minor = 1;
    bool is_head = false;
    bool keep_alive = true;  // the client allows it and the server is not draining
};

class HttpResponseSink final : public dispatch::ResponseSink {
public:
    using Writer = std::function<asio::awaitable<bool>(std::string_view)>;  // false: write failed

    HttpResponseSink(Writer write, HttpAnswerContext context);

    asio::awaitable<void> early_hints(const ipc::EarlyHints& hints) override;
    asio::awaitable<void> head(const ipc::ResponseHead& head) override;
    asio::awaitable<void> body(std::string_view bytes) override;
    asio::awaitable<void> end() override;
    asio::awaitable<void> fail(const dispatch::ExchangeFailure& failure) override;
    asio::awaitable<void> abort() override;

    // X-Sendfile / X-Accel-Redirect: nothing was written; the caller sends the file once the
    // exchange is over (the worker is free by then). Empty if the application did not ask.
    std::optional<http::FileDelegation> take_file_delegation() { return std::exchange(delegation_, std::nullopt); }

    int status() const { return status_; }           // what the client got (0: nothing)
    bool keep_alive() const { return keep_alive_; }  // the connection may serve another request
    bool client_gone() const override { return write_failed_; }

private:
    asio::awaitable<void> send(std::string_view bytes);
    // Writes the head followed by `body`; a refused head becomes a 502 instead.
    asio::awaitable<void> send_head(std::string_view body);

    Writer write_;
    HttpAnswerContext context_;
    http::ResponseHeadSpec spec_;
    std::string pending_;  // body of a response whose length is known, sent whole at the end
    bool streaming_ = false;
    bool head_sent_ = false;     // something reached (or was attempted on) the wire
    bool write_failed_ = false;  // a write to the client failed: it is gone, write nothing more
    bool done_ = false;          // the response is complete or was replaced: ignore the rest
    int status_ = 0;
    std::optional<http::FileDelegation> delegation_;
    bool keep_alive_ = false;
};

}  // namespace runtime::net
