#include "fastcgi_response_sink.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "runtime/fastcgi/encoder.hpp"
#include "runtime/http/response_head.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

std::string_view reason_for(int status) {
    const std::string_view reason = http::reason_phrase(status);
    return reason == "Unknown" ? std::string_view() : reason;
}

}  // namespace

FastCgiResponseSink::FastCgiResponseSink(Writer write, std::uint16_t request_id, std::string target)
    : write_(std::move(write)), id_(request_id), target_(std::move(target)) {}

asio::awaitable<void> FastCgiResponseSink::send(const std::string& bytes) {
    if (write_failed_) co_return;
    output_started_ = true;
    // (a named result: GCC 12 miscompiles a co_await inside an if condition in member coroutines)
    const bool written = co_await write_(bytes);
    if (!written) write_failed_ = true;
}

std::string FastCgiResponseSink::records(std::string_view data, bool last) const {
    std::string out;
    fastcgi::append_stdout(out, id_, data);
    if (last) {
        fastcgi::append_end_of_stream(out, fastcgi::RecordType::stdout_stream, id_);
        fastcgi::append_end_request(out, id_, 0);
    }
    return out;
}

asio::awaitable<void> FastCgiResponseSink::head(const ipc::ResponseHead& head) {
    const std::vector<fastcgi::CgiHeader> headers(head.headers.begin(), head.headers.end());
    const auto length = head.body_complete ? std::optional<std::size_t>(head.content_length) : std::nullopt;
    auto bytes = fastcgi::php_response_head(head.status, reason_for(head.status), headers, length);
    if (!bytes) {
        obs::log(lvl::err, "refused response head for {}: {}", target_, bytes.error().message);
        co_await respond(502, "Bad Gateway\n");
        co_return;
    }
    status_ = head.status;
    streaming_ = !head.body_complete;
    if (!streaming_) {
        head_ = std::move(*bytes);
        co_return;
    }
    co_await send(records(*bytes, false));
}

asio::awaitable<void> FastCgiResponseSink::body(std::string_view bytes) {
    if (done_ || bytes.empty()) co_return;
    if (!streaming_) {
        pending_.append(bytes);
        co_return;
    }
    co_await send(records(bytes, false));
}

asio::awaitable<void> FastCgiResponseSink::end() {
    if (done_) co_return;
    done_ = true;
    std::string output = std::move(head_);
    output.append(pending_);
    pending_.clear();
    co_await send(records(output, true));
    ended_ = true;
}

asio::awaitable<void> FastCgiResponseSink::respond(int status, std::string_view text,
                                                   std::vector<fastcgi::CgiHeader> extra) {
    done_ = true;
    status_ = status;
    extra.emplace_back("Content-Type", "text/plain; charset=utf-8");
    extra.emplace_back("Content-Length", std::to_string(text.size()));
    auto head = fastcgi::cgi_response_head(status, reason_for(status), extra);
    std::string output = head ? std::move(*head) : std::string("Status: 500\r\n\r\n");
    output.append(text);
    co_await send(records(output, true));
    ended_ = true;
}

asio::awaitable<void> FastCgiResponseSink::fail(const dispatch::ExchangeFailure& failure) {
    if (output_started_) {
        done_ = true;  // truncated: no END_REQUEST, the session closes the connection
        co_return;
    }
    std::vector<fastcgi::CgiHeader> extra;
    std::string_view text = "Bad Gateway\n";
    if (failure.status == 504) text = "Gateway Timeout\n";
    if (failure.status == 503) {
        text = "Service Unavailable: no worker free\n";
        extra.emplace_back("Retry-After", std::to_string(std::max<long>(failure.retry_after.count(), 1)));
    }
    co_await respond(failure.status, text, std::move(extra));
}

asio::awaitable<void> FastCgiResponseSink::abort() {
    done_ = true;
    co_return;
}

}  // namespace runtime::net
