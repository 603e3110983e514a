#pragma once
// HTTP/2 framing of a worker's response on one stream: HEADERS then DATA behind the
// stream's flow-control window. A response whose length is known is sent whole at the end
// (as over HTTP/1.1, so a worker crash still becomes a clean 502); a streamed one goes out
// as the application flushes. A failure after the head resets the stream.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/dispatch/response_sink.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_delegation.hpp"

namespace runtime::net {

namespace asio = boost::asio;

// One stream's response side, as the HTTP/2 session offers it.
class Http2StreamWriter {
public:
    virtual ~Http2StreamWriter() = default;
    // header_block from http2::response_header_block(); has_body false ends the stream.
    virtual bool submit_head(const std::vector<http::Header>& header_block, bool has_body) = 0;
    // An interim (1xx) header block before submit_head().
    virtual bool submit_informational(const std::vector<http::Header>& header_block) = 0;
    // Waits for room in the stream's bounded buffer; false when the stream is gone (reset,
    // connection lost, or the client let its window stay shut past http.send_timeout).
    virtual asio::awaitable<bool> write_body(std::string_view bytes) = 0;
    virtual void end_body() = 0;
    virtual void reset(std::uint32_t error_code) = 0;
    virtual bool gone() const = 0;
};

// A complete small answer (errors, refusals, redirects) with Content-Type text/plain.
asio::awaitable<void> send_simple_response(Http2StreamWriter& writer, int status, std::string_view body,
                                           std::vector<http::Header> extra, bool is_head);

class Http2ResponseSink final : public dispatch::ResponseSink {
public:
    Http2ResponseSink(Http2StreamWriter& writer, std::string target, bool is_head)
        : writer_(writer), target_(std::move(target)), is_head_(is_head) {}

    asio::awaitable<void> early_hints(const ipc::EarlyHints& hints) override;
    asio::awaitable<void> head(const ipc::ResponseHead& head) override;
    asio::awaitable<void> body(std::string_view bytes) override;
    asio::awaitable<void> end() override;
    asio::awaitable<void> fail(const dispatch::ExchangeFailure& failure) override;
    asio::awaitable<void> abort() override;
    bool client_gone() const override { return gone_ || writer_.gone(); }

    std::optional<http::FileDelegation> take_file_delegation() { return std::exchange(delegation_, std::nullopt); }
    int status() const { return status_; }  // what the client got (0: nothing)

private:
    // Sends the head; a head HTTP/2 cannot carry becomes a 502 instead (false).
    asio::awaitable<bool> send_head(std::optional<std::uint64_t> content_length, bool has_body);
    asio::awaitable<void> send(std::string_view bytes);

    Http2StreamWriter& writer_;
    std::string target_;
    bool is_head_;
    int status_ = 0;
    std::vector<http::Header> headers_;
    bool no_body_ = false;  // HEAD, 1xx, 204, 304
    bool whole_ = false;    // the length is known: the body is collected, sent at end()
    std::string pending_;
    bool head_sent_ = false;
    bool done_ = false;
    bool gone_ = false;
    std::optional<http::FileDelegation> delegation_;
};

}  // namespace runtime::net
