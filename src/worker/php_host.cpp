#include "php_host.hpp"

#include "resident_memory.hpp"

#include <unistd.h>

#include <string_view>

namespace runtime::worker {
namespace {

constexpr std::size_t stream_threshold = ipc::body_chunk_size;

PhpHost& self(void* ctx) { return *static_cast<PhpHost*>(ctx); }

const char* find_param(const std::vector<ipc::Pair>& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return value.c_str();
    }
    return nullptr;
}

ipc::Outcome to_outcome(rs_sapi_outcome outcome) {
    switch (outcome) {
        case RS_OUTCOME_OK: return ipc::Outcome::ok;
        case RS_OUTCOME_UNCAUGHT_EXCEPTION: return ipc::Outcome::uncaught_exception;
        case RS_OUTCOME_FATAL_ERROR: return ipc::Outcome::fatal_error;
        case RS_OUTCOME_EXIT_CALLED: return ipc::Outcome::exit_called;
        case RS_OUTCOME_RESET_FAILED: return ipc::Outcome::reset_failed;
    }
    return ipc::Outcome::fatal_error;
}

}  // namespace

PhpHost::PhpHost(BlockingChannel& channel, const WorkerOptions& options,
                 std::chrono::steady_clock::time_point process_start)
    : channel_(channel), options_(options), process_start_(process_start) {}

rs_sapi_host PhpHost::callbacks() {
    rs_sapi_host host{};
    host.ctx = this;
    host.next_request = [](void* ctx, rs_sapi_request* req) { return self(ctx).next_request(*req); };
    host.read_body = [](void* ctx, char* buf, std::size_t len) { return self(ctx).read_body(buf, len); };
    host.send_head = [](void* ctx, int status, const rs_sapi_pair* headers, std::size_t count) {
        self(ctx).send_head(status, headers, count);
    };
    host.write = [](void* ctx, const char* data, std::size_t len) { return self(ctx).write(data, len) ? 1 : 0; };
    host.flush = [](void* ctx) { return self(ctx).flush() ? 1 : 0; };
    host.finish = [](void* ctx) { self(ctx).finish(); };
    host.done = [](void* ctx, const rs_sapi_report* report) { return self(ctx).done(*report); };
    host.log = [](void* ctx, int level, const char* message, std::size_t len) {
        self(ctx).log(level, message, len);
    };
    host.early_hints = [](void* ctx, const rs_sapi_pair* headers, std::size_t count) {
        return self(ctx).early_hints(headers, count) ? 1 : 0;
    };
    return host;
}

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
        ipc::WorkerReady ready;
        ready.pid = static_cast<std::uint32_t>(::getpid());
        ready.boot_ns = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - process_start_)
                .count());
        ready.rss_bytes = current_rss_bytes();
        send(ipc::FrameType::worker_ready, ipc::encode(ready));
    }
    // Second guard next to the master's policy: never serve past the limit.
    if (stop_ || (options_.max_requests && served_ >= options_.max_requests)) return 0;
    if (!receive_request()) return 0;
    fill_sapi_request(req);
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

void PhpHost::fill_sapi_request(rs_sapi_request& req) {
    // A chunked body is spooled whole: PHP sees its exact length, as behind nginx.
    const bool had_body = head_.content_length >= 0 || body_.size() > 0;
    if (head_.content_length < 0 && had_body) head_.params.emplace_back("CONTENT_LENGTH", std::to_string(body_.size()));
    server_.clear();
    server_.reserve(head_.params.size());
    for (const auto& [name, value] : head_.params) {
        server_.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
    req = rs_sapi_request{};
    const char* method = find_param(head_.params, "REQUEST_METHOD");
    const char* query = find_param(head_.params, "QUERY_STRING");
    req.method = method ? method : "GET";
    req.request_uri = find_param(head_.params, "REQUEST_URI");
    req.query_string = query ? query : "";
    req.content_type = find_param(head_.params, "CONTENT_TYPE");
    req.content_length = had_body ? static_cast<std::int64_t>(body_.size()) : -1;
    req.cookie = find_param(head_.params, "HTTP_COOKIE");
    req.authorization = find_param(head_.params, "HTTP_AUTHORIZATION");
    req.script_filename = find_param(head_.params, "SCRIPT_FILENAME");
    req.server = server_.data();
    req.server_count = server_.size();
    req.request_time = head_.request_time;
    req.timeout_seconds = head_.timeout_seconds;

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
    ipc::RequestDone d;
    d.id = head_.id;
    d.outcome = to_outcome(report.outcome);
    d.status = static_cast<std::uint16_t>(report.status);
    d.requests_served = served_;
    if (served_ % options_.rss_every == 0) d.rss_bytes = current_rss_bytes();
    d.php_memory_bytes = report.php_memory_bytes;
    d.php_peak_bytes = report.php_peak_bytes;
    d.reset_ns = report.reset_ns;
    const bool limit_reached = options_.max_requests && served_ >= options_.max_requests;
    const bool outcome_retires = d.outcome != ipc::Outcome::ok && d.outcome != ipc::Outcome::uncaught_exception;
    d.will_exit = stop_ || limit_reached || outcome_retires || report.retire_reason;
    if (report.detail) d.detail = report.detail;
    if (report.retire_reason) d.annotations.emplace_back("retire", report.retire_reason);
    for (std::size_t i = 0; i < report.annotation_count; ++i) {
        const auto& pair = report.annotations[i];
        d.annotations.emplace_back(std::string(pair.name.data, pair.name.len),
                                   std::string(pair.value.data, pair.value.len));
    }
    send(ipc::FrameType::request_done, ipc::encode(d));
    body_.clear();
    return d.will_exit ? 0 : 1;
}

void PhpHost::log(int level, const char* message, std::size_t len) {
    (void)level;
    last_log_.assign(message, len);
    // One write per line: the master reads the pipe line by line, lines never interleave.
    std::string line(message, len);
    line.push_back('\n');
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace runtime::worker
