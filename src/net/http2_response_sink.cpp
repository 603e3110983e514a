#include "http2_response_sink.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>

#include "runtime/http/response_head.hpp"
#include "runtime/http2/response_headers.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace {

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

}  // namespace

asio::awaitable<void> send_simple_response(Http2StreamWriter& writer, int status, std::string_view body,
                                           std::vector<http::Header> extra, bool is_head) {
    const std::string text = body.empty()
                                 ? std::to_string(status) + " " + std::string(http::reason_phrase(status)) + "\n"
                                 : std::string(body);
    extra.push_back(http::Header{"content-type", "text/plain; charset=utf-8"});
    const bool send_body = !is_head && !body_forbidden(status);
    auto block = http2::response_header_block({status, std::move(extra), text.size()});
    if (!block) block = http2::response_header_block({500, {}, 0});
    if (!writer.submit_head(block.value(), send_body)) co_return;
    if (!send_body) co_return;
    if (co_await writer.write_body(text)) writer.end_body();
}

asio::awaitable<bool> Http2ResponseSink::send_head(std::optional<std::uint64_t> content_length, bool has_body) {
    head_sent_ = true;
    auto block = http2::response_header_block({status_, headers_, content_length});
    if (!block) {
        obs::log(spdlog::level::err, "refused response head for {}: {}", target_, block.error().message);
        done_ = true;
        status_ = 502;
        co_await send_simple_response(writer_, 502, "Bad Gateway\n", {}, is_head_);
        co_return false;
    }
    if (!writer_.submit_head(block.value(), has_body)) gone_ = true;
    co_return !gone_;
}

asio::awaitable<void> Http2ResponseSink::send(std::string_view bytes) {
    if (gone_ || bytes.empty()) co_return;
    const bool written = co_await writer_.write_body(bytes);
    if (!written) gone_ = true;
}

asio::awaitable<void> Http2ResponseSink::early_hints(const ipc::EarlyHints& hints) {
    if (head_sent_ || done_ || client_gone()) co_return;
    http2::ResponseSpec spec;
    spec.status = 103;
    for (const auto& [name, value] : hints.headers) spec.headers.push_back({name, value});
    auto block = http2::response_header_block(spec);
    if (!block || hints.headers.empty()) {
        obs::log(spdlog::level::warn, "early hints for {} dropped: {}", target_,
                 block ? "no fields" : block.error().message);
        co_return;
    }
    writer_.submit_informational(*block);
}

asio::awaitable<void> Http2ResponseSink::head(const ipc::ResponseHead& head) {
    delegation_ = http::find_file_delegation(head.status, head.headers);
    if (delegation_) {
        done_ = true;  // the application's body is dropped: the file replaces it
        co_return;
    }
    status_ = head.status;
    headers_.clear();
    for (const auto& [name, value] : head.headers) headers_.push_back(http::Header{name, value});
    no_body_ = is_head_ || body_forbidden(status_);
    whole_ = head.body_complete;
    if (!whole_) co_await send_head(std::nullopt, !no_body_);
}

asio::awaitable<void> Http2ResponseSink::body(std::string_view bytes) {
    if (done_ || no_body_) co_return;
    if (whole_) {
        pending_.append(bytes);
    } else {
        co_await send(bytes);
    }
}

asio::awaitable<void> Http2ResponseSink::end() {
    if (done_) co_return;
    done_ = true;
    if (whole_) {
        const bool has_body = !no_body_ && !pending_.empty();
        const auto length = no_body_ ? std::nullopt : std::optional<std::uint64_t>(pending_.size());
        if (!co_await send_head(length, has_body) || !has_body) co_return;
        co_await send(pending_);
        pending_.clear();
    } else if (no_body_) {
        co_return;  // the head ended the stream
    }
    if (!gone_) writer_.end_body();
}

asio::awaitable<void> Http2ResponseSink::fail(const dispatch::ExchangeFailure& failure) {
    delegation_.reset();  // the worker broke after asking: answer with the failure instead
    if (head_sent_) {
        // A truncated body must not look complete.
        writer_.reset(NGHTTP2_INTERNAL_ERROR);
        gone_ = true;
        co_return;
    }
    done_ = true;
    head_sent_ = true;
    status_ = failure.status;
    std::vector<http::Header> extra;
    if (const long seconds = failure.retry_after_seconds())
        extra.push_back(http::Header{"retry-after", std::to_string(seconds)});
    co_await send_simple_response(writer_, failure.status, failure.answer_text(), std::move(extra), is_head_);
}

asio::awaitable<void> Http2ResponseSink::abort() {
    delegation_.reset();
    // Unless a complete answer went out, the client must not wait for the rest.
    if (!(head_sent_ && done_)) writer_.reset(NGHTTP2_CANCEL);
    done_ = true;
    co_return;
}

}  // namespace runtime::net
