#include "php_host.hpp"

#include "host_support.hpp"

#include <unistd.h>

#include <string_view>

namespace runtime::worker {
namespace {

constexpr std::size_t stream_threshold = ipc::body_chunk_size;

}  // namespace

PhpHost::PhpHost(ipc::BlockingChannel& channel, const WorkerOptions& options,
                 std::chrono::steady_clock::time_point process_start)
    : channel_(channel), options_(options), process_start_(process_start) {}

rs_sapi_host PhpHost::callbacks() { return sapi_callbacks(*this); }

void PhpHost::send(ipc::FrameType type, std::string_view payload) {
    queue(type, payload);
    send_queued();
}

void PhpHost::queue(ipc::FrameType type, std::string_view payload) {
    if (stop_ && type != ipc::FrameType::request_done) return;
    channel_.queue(type, payload);
}

void PhpHost::send_queued() {
    if (!channel_.flush()) stop_ = true;  // master gone: finish quietly, then exit
}

int PhpHost::next_request(rs_sapi_request& req) {
    if (!ready_sent_) {
        ready_sent_ = true;
        send(ipc::FrameType::worker_ready, ipc::encode(ready_report(process_start_)));
    }
    // Second guard next to the master's policy: never serve past the limit.
    if (stop_ || (options_.max_requests && served_ >= options_.max_requests)) return 0;
    if (!receive_request()) return 0;
    prepare_request(req);
    return 1;
}

bool PhpHost::receive_request() {
    // A request whose client went away mid-body ends with an aborted request_end: drop it
    // without running PHP and wait for the next one.
    for (;;) {
        const auto received = receive_one();
        if (received != Received::aborted) return received == Received::request;
    }
}

PhpHost::Received PhpHost::stop_receiving(std::string_view error) {
    if (!error.empty()) log(3, error.data(), error.size());
    stop_ = true;
    return Received::stop;
}

PhpHost::Received PhpHost::receive_one() {
    // The master closing the channel or sending shutdown both end the worker.
    const auto next_frame = [this]() -> std::optional<ipc::Frame> {
        auto frame = channel_.read();
        if (!frame || !frame.value() || frame.value()->type == ipc::FrameType::shutdown) return std::nullopt;
        return std::move(*frame.value());
    };
    for (;;) {
        auto frame = next_frame();
        if (!frame) return stop_receiving({});
        if (frame->type != ipc::FrameType::request_head) continue;  // only a head starts a request
        auto head = ipc::decode_request_head(frame->payload);
        if (!head) return stop_receiving(head.error().message);
        head_ = std::move(head.value());
        break;
    }
    body_.clear();
    for (;;) {
        auto frame = next_frame();
        if (!frame) return stop_receiving({});
        if (frame->type == ipc::FrameType::request_end) {
            if (frame->flags & 1) return Received::aborted;
            return Received::request;
        }
        if (frame->type != ipc::FrameType::request_body) return stop_receiving({});
        if (auto appended = body_.append(frame->payload); !appended) return stop_receiving(appended.error().message);
    }
}

void PhpHost::prepare_request(rs_sapi_request& req) {
    fill_sapi_request(head_.params, head_.content_length, body_.size(), head_.request_time, head_.timeout_seconds,
                      server_, req);
    response_head_ = ipc::ResponseHead{};
    head_captured_ = false;
    streaming_ = false;
    finished_ = false;
    client_gone_ = false;
    output_.clear();
}

void PhpHost::send_head(int status, const rs_sapi_pair* headers, std::size_t count) {
    response_head_.status = static_cast<std::uint16_t>(status);
    response_head_.headers.clear();
    for (std::size_t i = 0; i < count; ++i) {
        response_head_.headers.emplace_back(std::string(headers[i].name.data, headers[i].name.len),
                                            std::string(headers[i].value.data, headers[i].value.len));
    }
    head_captured_ = true;
}

// Sent at once: the point of the hints is to reach the client while PHP still works.
bool PhpHost::early_hints(const rs_sapi_pair* headers, std::size_t count) {
    if (head_captured_ || streaming_ || finished_ || client_gone_ || stop_) return false;
    ipc::EarlyHints hints;
    for (std::size_t i = 0; i < count; ++i) {
        hints.headers.emplace_back(std::string(headers[i].name.data, headers[i].name.len),
                                   std::string(headers[i].value.data, headers[i].value.len));
    }
    send(ipc::FrameType::early_hints, ipc::encode(hints));
    return !stop_;
}

void PhpHost::start_streaming() {
    if (streaming_) return;
    streaming_ = true;
    response_head_.body_complete = false;
    queue(ipc::FrameType::response_head, ipc::encode(response_head_));
}

// Queued, not sent: the caller sends once. A large body still leaves in bounded sends, so the
// outgoing buffer never holds a second copy of it.
void PhpHost::queue_body(std::string_view bytes) {
    constexpr std::size_t send_at = 4 * ipc::body_chunk_size;
    std::size_t queued = 0;
    while (!bytes.empty()) {
        const std::size_t n = std::min(bytes.size(), ipc::body_chunk_size);
        queue(ipc::FrameType::response_body, bytes.substr(0, n));
        bytes.remove_prefix(n);
        queued += n;
        if (queued >= send_at && !bytes.empty()) {
            send_queued();
            queued = 0;
        }
    }
}

bool PhpHost::write(const char* data, std::size_t len) {
    if (finished_ || client_gone_) return client_gone_;
    output_.append(data, len);
    if (output_.size() >= stream_threshold) return flush();
    return false;
}

// Switches to streaming (length unknown) and sends what PHP has written so far. Only here,
// where output leaves anyway, does the worker look for the master's client_aborted frame.
bool PhpHost::flush() {
    if (finished_ || client_gone_) return client_gone_;
    if (!head_captured_) return false;
    start_streaming();
    queue_body(output_);
    send_queued();
    output_.clear();
    client_gone_ = channel_.client_aborted_arrived();
    return client_gone_;
}

void PhpHost::finish() {
    if (finished_) return;
    if (!streaming_) {
        response_head_.body_complete = true;
        response_head_.content_length = output_.size();
        queue(ipc::FrameType::response_head, ipc::encode(response_head_));
    }
    queue_body(output_);
    output_.clear();
    queue(ipc::FrameType::response_end, {});
    send_queued();
    finished_ = true;
}

int PhpHost::done(const rs_sapi_report& report) {
    ++served_;
    const ipc::RequestDone d =
        request_done_of(report, head_.id, served_, options_, stop_, served_ % options_.rss_every == 0);
    send(ipc::FrameType::request_done, ipc::encode(d));
    body_.clear();
    return d.will_exit ? 0 : 1;
}

void PhpHost::log(int level, const char* message, std::size_t len) {
    (void)level;
    last_log_.assign(message, len);
    write_log_line(last_log_);
}

}  // namespace runtime::worker
