#include "http_response_sink.hpp"

#include <algorithm>

#include "runtime/http/early_hints.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

}  // namespace

HttpResponseSink::HttpResponseSink(Writer write, HttpAnswerContext context)
    : write_(std::move(write)), context_(std::move(context)) {}

asio::awaitable<void> HttpResponseSink::send(std::string_view bytes) {
    // After a failed write the client is gone: a further write on the broken socket could wait
    // for a readiness event that never comes, and the worker's frames must keep being drained.
    if (write_failed_) co_return;
    // (a named result: GCC 12 miscompiles this co_await inside an if condition here)
    const bool written = co_await write_(bytes);
    if (!written) {
        write_failed_ = true;
        keep_alive_ = false;
    }
}

asio::awaitable<void> HttpResponseSink::send_head(std::string_view body) {
    head_sent_ = true;
    auto bytes = http::serialize_response_head(spec_);
    if (!bytes) {
        obs::log(lvl::err, "refused response head for {}: {}", context_.target, bytes.error().message);
        done_ = true;
        status_ = 502;
        keep_alive_ = false;
        const std::string response = http::simple_response(502, false, std::string_view("Bad Gateway\n"));
        co_await send(response);
        co_return;
    }
    bytes->append(body);
    co_await send(*bytes);
}

// HTTP/1.0 clients may not understand interim responses (RFC 9110 15.2): they get none.
asio::awaitable<void> HttpResponseSink::early_hints(const ipc::EarlyHints& hints) {
    if (head_sent_ || done_ || context_.version_minor < 1) co_return;
    auto bytes = http::serialize_early_hints(hints.headers);
    if (!bytes) {
        obs::log(lvl::warn, "early hints for {} dropped: {}", context_.target, bytes.error().message);
        co_return;
    }
    co_await send(*bytes);
}

asio::awaitable<void> HttpResponseSink::head(const ipc::ResponseHead& head) {
    delegation_ = http::find_file_delegation(head.status, head.headers);
    if (delegation_) {
        done_ = true;  // the application's body is dropped: the file replaces it
        keep_alive_ = context_.keep_alive;
        co_return;
    }
    spec_ = http::ResponseHeadSpec{};
    spec_.status = head.status;
    spec_.version_minor = context_.version_minor;
    spec_.is_head_request = context_.is_head;
    for (const auto& [name, value] : head.headers) spec_.headers.push_back({name, value});
    spec_.keep_alive = context_.keep_alive;
    streaming_ = false;
    if (context_.is_head || body_forbidden(spec_.status)) {
        spec_.framing = http::BodyFraming::none;
    } else if (head.body_complete) {
        spec_.framing = http::BodyFraming::content_length;
        spec_.content_length = head.content_length;
    } else if (context_.version_minor >= 1) {
        spec_.framing = http::BodyFraming::chunked;
        streaming_ = true;
    } else {
        spec_.framing = http::BodyFraming::close_delimited;
        spec_.keep_alive = false;
        streaming_ = true;
    }
    status_ = spec_.status;
    keep_alive_ = spec_.keep_alive;
    if (streaming_) co_await send_head({});
}

asio::awaitable<void> HttpResponseSink::body(std::string_view bytes) {
    if (done_ || spec_.framing == http::BodyFraming::none) co_return;
    if (!streaming_) {
        pending_.append(bytes);
    } else if (spec_.framing == http::BodyFraming::chunked) {
        if (bytes.empty()) co_return;  // an empty chunk would end the body
        std::string chunk = http::chunk_prefix(bytes.size());
        chunk.append(bytes).append(http::chunk_suffix);
        co_await send(chunk);
    } else {
        co_await send(bytes);
    }
}

asio::awaitable<void> HttpResponseSink::end() {
    if (done_) co_return;
    done_ = true;
    if (!streaming_) {
        co_await send_head(pending_);
        pending_.clear();
    } else if (spec_.framing == http::BodyFraming::chunked) {
        co_await send(http::last_chunk);
    }
}

asio::awaitable<void> HttpResponseSink::fail(const dispatch::ExchangeFailure& failure) {
    delegation_.reset();  // the worker broke after asking: answer with the failure instead
    if (head_sent_) {
        keep_alive_ = false;  // a truncated body must not look complete: close
        co_return;
    }
    done_ = true;
    head_sent_ = true;
    status_ = failure.status;
    keep_alive_ = context_.keep_alive && failure.request_body_read;
    std::vector<http::Header> extra;
    if (const long seconds = failure.retry_after_seconds())
        extra.push_back(http::Header{std::string("Retry-After"), std::to_string(seconds)});
    const std::string response =
        http::simple_response(failure.status, keep_alive_, failure.answer_text(), std::move(extra));
    co_await send(response);
}

asio::awaitable<void> HttpResponseSink::abort() {
    delegation_.reset();
    done_ = true;
    keep_alive_ = false;
    co_return;
}

}  // namespace runtime::net
