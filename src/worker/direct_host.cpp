#include "direct_host.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <variant>

#include "host_support.hpp"
#include "resident_memory.hpp"
#include "runtime/common/overloaded.hpp"
#include "runtime/fastcgi/encoder.hpp"
#include "runtime/fastcgi/request_facts.hpp"
#include "runtime/http/response_head.hpp"

namespace runtime::worker {
namespace {

// PHP output is sent once this much has gathered (or when PHP flushes).
constexpr std::size_t kSendThreshold = 64 * 1024;
constexpr std::size_t kReadSize = 64 * 1024;
// Restored-state counts and sampled memory readings reach the master every this many
// requests, and at most once per interval: a busy pool otherwise woke the master hundreds of
// times a second only to refresh gauges.
constexpr std::uint64_t kSampleEvery = 16;
constexpr auto kSampleInterval = std::chrono::seconds(1);

std::string_view reason_for(int status) {
    const std::string_view reason = http::reason_phrase(status);
    return reason == "Unknown" ? std::string_view() : reason;
}

double seconds_since_epoch() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

DirectHost::DirectHost(ipc::BlockingChannel& channel, const WorkerOptions& options, ScoreboardSlot& slot,
                       std::chrono::steady_clock::time_point process_start)
    : channel_(channel), options_(options), slot_(slot), process_start_(process_start) {
    input_.resize(kReadSize);
    // Every worker of the pool waits on the listener; the one that wins a connection takes
    // it, the others see EAGAIN and wait again (no worker blocks inside accept()).
    const int flags = ::fcntl(options_.listen_fd, F_GETFL);
    if (flags >= 0) ::fcntl(options_.listen_fd, F_SETFL, flags | O_NONBLOCK);
    // EPOLLEXCLUSIVE: a new connection wakes one idle worker, not all of them (poll() would
    // wake every idle worker of the pool, and all but one would find the queue empty).
    waiter_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (waiter_) {
        epoll_event listener{};
        listener.events = EPOLLIN | EPOLLEXCLUSIVE;
        listener.data.fd = options_.listen_fd;
        epoll_event master{};
        master.events = EPOLLIN;
        master.data.fd = channel_.fd();
        if (::epoll_ctl(waiter_.get(), EPOLL_CTL_ADD, options_.listen_fd, &listener) != 0 ||
            ::epoll_ctl(waiter_.get(), EPOLL_CTL_ADD, channel_.fd(), &master) != 0) {
            waiter_.reset();  // poll() then
        }
    }
    // TCP_NODELAY set on the listener is inherited by accepted connections on Linux, which
    // saves a setsockopt per connection (nginx's stock block opens one per request). The
    // first connection checks it; unix sockets need none.
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(options_.listen_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        (address.ss_family == AF_INET || address.ss_family == AF_INET6)) {
        nodelay_ = Nodelay::unchecked;
        const int one = 1;
        if (::setsockopt(options_.listen_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
            nodelay_ = Nodelay::per_connection;
        }
    }
}

// Streamed responses must not wait for Nagle: each accepted TCP connection has TCP_NODELAY.
// Connections queued before the listener got the option (a readiness probe) do not inherit
// it, so a few are checked before deciding that the kernel does not pass it on.
void DirectHost::set_nodelay(int fd) {
    constexpr int kConnectionsChecked = 16;
    if (nodelay_ == Nodelay::not_tcp || nodelay_ == Nodelay::inherited) return;
    if (nodelay_ == Nodelay::unchecked) {
        int value = 0;
        socklen_t size = sizeof value;
        if (::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &size) == 0 && value != 0) {
            nodelay_ = Nodelay::inherited;
            return;
        }
        if (++nodelay_checks_ >= kConnectionsChecked) nodelay_ = Nodelay::per_connection;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

rs_sapi_host DirectHost::callbacks() { return sapi_callbacks(*this); }

bool DirectHost::stopping() {
    if (options_.max_requests && served_ >= options_.max_requests) stop_ = true;
    if (slot_.retire_requested.load(std::memory_order_acquire) != 0) stop_ = true;
    return stop_;
}

int DirectHost::next_request(rs_sapi_request& req) {
    if (!ready_sent_) {
        ready_sent_ = true;
        if (!channel_.write(ipc::FrameType::worker_ready, ipc::encode(ready_report(process_start_)))) stop_ = true;
    }
    for (;;) {
        if (stopping()) {
            close_connection();
            flush_when_idle(true);
            return 0;
        }
        if (!connection_ && !accept_connection()) {
            flush_when_idle(true);
            return 0;
        }
        if (read_request() == Read::request) break;
        close_connection();
    }
    const fastcgi::RequestFacts facts = fastcgi::request_facts(params_);
    fill_sapi_request(params_, facts.content_length, body_.size(), seconds_since_epoch(), 0, server_, req);
    status_ = 200;
    headers_.clear();
    head_captured_ = false;
    head_emitted_ = false;
    finished_ = false;
    server_gone_ = false;
    output_.clear();
    slot_.begin_request(facts.method, facts.uri, Scoreboard::monotonic_ns());
    return 1;
}

// Waits for a connection while idle, and for the master's shutdown frame at the same time.
// After an idle spell the worker waits before it tries accept4(): at light load an accept4()
// first would find the queue empty every time. A wait that ends at once means connections
// are queuing again, and accept4() goes first (one syscall per connection under load).
bool DirectHost::accept_connection() {
    constexpr auto kQueuingWait = std::chrono::microseconds(50);
    for (;;) {
        if (stopping()) return false;
        if (wait_first_) {
            const auto started = std::chrono::steady_clock::now();
            if (!wait_for_connection(flush_when_idle(false))) return false;
            wait_first_ = std::chrono::steady_clock::now() - started > kQueuingWait;
            flush_when_idle(false);  // the wait may have ended for it
            if (stopping()) return false;
        }
        const int fd = ::accept4(options_.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            connection_.reset(fd);
            set_nodelay(fd);
            decoder_ = fastcgi::ConnectionDecoder();
            return true;
        }
        const int error = errno;
        if (error == EINTR || error == ECONNABORTED) continue;
        if (error == EAGAIN || error == EWOULDBLOCK) {
            wait_first_ = true;  // idle, or another worker took it
            continue;
        }
        const std::string why = std::string("direct worker: accept failed: ") + std::strerror(error);
        log(3, why.data(), why.size());
        if (error != EMFILE && error != ENFILE && error != ENOBUFS && error != ENOMEM) return false;
        // A descriptor limit (EMFILE) is waited out for a moment rather than spun on.
        if (!wait_for_connection(100)) return false;
    }
}

// Waits on the listener and the channel; false when the master says stop.
bool DirectHost::wait_for_connection(int timeout_ms) {
    bool channel_ready = false;
    if (waiter_) {
        epoll_event events[2];
        const int ready = ::epoll_wait(waiter_.get(), events, 2, timeout_ms);
        for (int i = 0; i < ready; ++i) channel_ready = channel_ready || events[i].data.fd == channel_.fd();
    } else {
        pollfd waits[2] = {{options_.listen_fd, POLLIN, 0}, {channel_.fd(), POLLIN, 0}};
        channel_ready = ::poll(waits, 2, timeout_ms) > 0 && waits[1].revents != 0;
    }
    if (channel_ready && master_says_stop()) {
        stop_ = true;
        return false;
    }
    return true;
}

// The channel is readable: a shutdown frame, or the master is gone.
bool DirectHost::master_says_stop() {
    auto frame = channel_.read();
    return !frame || !frame.value() || frame.value()->type == ipc::FrameType::shutdown;
}

DirectHost::Read DirectHost::read_request() {
    params_complete_ = false;
    params_.clear();
    body_.clear();
    for (;;) {
        const ssize_t n = ::recv(connection_.get(), input_.data(), input_.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Read::closed;
        events_.clear();
        decoder_.feed(std::string_view(input_.data(), static_cast<std::size_t>(n)), events_);
        bool complete = false;
        for (auto& event : events_) {
            if (!handle(event, complete)) return Read::closed;
        }
        if (complete) return Read::request;
    }
}

bool DirectHost::handle(fastcgi::Event& event, bool& complete) {
    return std::visit(
        Overloaded{
            [&](fastcgi::BeginRequest& begin) {
                request_id_ = begin.id;
                keep_conn_ = begin.keep_conn;
                params_complete_ = false;
                return true;
            },
            [&](fastcgi::ParamsComplete& params) {
                if (params.id != request_id_) return true;
                params_ = std::move(params.params);
                params_complete_ = true;
                return true;
            },
            [&](fastcgi::StdinData& data) {
                if (data.id != request_id_) return true;
                auto appended = body_.append(data.data);
                if (!appended) log(3, appended.error().message.data(), appended.error().message.size());
                return static_cast<bool>(appended);
            },
            [&](fastcgi::StdinEnd& end) {
                if (end.id == request_id_ && params_complete_) complete = true;
                return true;
            },
            [&](fastcgi::AbortRequest& abort) {
                // Given up before PHP ran: confirm it, nothing else happened.
                if (abort.id != request_id_) return true;
                params_complete_ = false;
                body_.clear();
                decoder_.request_finished(abort.id);
                return send_to_server(fastcgi::encode_end_request(abort.id, 0)) && keep_conn_;
            },
            [&](fastcgi::GetValues& query) {
                return send_to_server(fastcgi::encode_get_values_result(query.names, fastcgi::Capabilities{}));
            },
            [&](fastcgi::UnknownRecordType& unknown) { return send_to_server(unknown.reply); },
            [&](fastcgi::RequestRejected& rejected) {
                return send_to_server(rejected.reply) && (rejected.keep_conn || decoder_.active_requests() > 0);
            },
            [&](fastcgi::ProtocolError& error) {
                const std::string why = "FastCGI protocol error: " + error.reason;
                log(4, why.data(), why.size());
                return false;
            },
        },
        event);
}

bool DirectHost::send_to_server(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(connection_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// close() alone sends the FIN: nginx ends the request at END_REQUEST and needs nothing
// more, and a shutdown() first would cost a syscall per request with per-request connections.
void DirectHost::close_connection() { connection_.reset(); }

void DirectHost::send_head(int status, const rs_sapi_pair* headers, std::size_t count) {
    status_ = status;
    headers_.clear();
    for (std::size_t i = 0; i < count; ++i) {
        headers_.emplace_back(std::string(headers[i].name.data, headers[i].name.len),
                              std::string(headers[i].value.data, headers[i].value.len));
    }
    head_captured_ = true;
}

// Appends the response head to the records to send. A head PHP built that is not valid CGI
// (a header with a line break) becomes a 502 for nginx, and the body is dropped.
bool DirectHost::emit_head(std::optional<std::size_t> complete_length) {
    head_emitted_ = true;
    auto head = fastcgi::php_response_head(status_, reason_for(status_), headers_, complete_length);
    if (head) {
        fastcgi::append_stdout(records_, request_id_, *head);
        return true;
    }
    const std::string why = "refused response head: " + head.error().message;
    log(3, why.data(), why.size());
    fastcgi::append_stdout(records_, request_id_, "Status: 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    return false;
}

bool DirectHost::write(const char* data, std::size_t len) {
    if (finished_ || server_gone_) return server_gone_;
    output_.append(data, len);
    if (output_.size() >= kSendThreshold) return flush();
    return false;
}

bool DirectHost::flush() {
    if (finished_ || server_gone_) return server_gone_;
    if (!head_captured_) return false;
    bool body_allowed = true;
    if (!head_emitted_) body_allowed = emit_head(std::nullopt);
    if (body_allowed) fastcgi::append_stdout(records_, request_id_, output_);
    output_.clear();
    if (!send_to_server(records_)) server_gone_ = true;
    records_.clear();
    return server_gone_;
}

void DirectHost::finish() {
    if (finished_) return;
    finished_ = true;
    bool body_allowed = true;
    if (!head_emitted_) body_allowed = emit_head(output_.size());
    if (body_allowed) fastcgi::append_stdout(records_, request_id_, output_);
    output_.clear();
    fastcgi::append_end_of_stream(records_, fastcgi::RecordType::stdout_stream, request_id_);
    fastcgi::append_end_request(records_, request_id_, 0);
    if (!server_gone_ && !send_to_server(records_)) server_gone_ = true;
    records_.clear();
    decoder_.request_finished(request_id_);
    if (!keep_conn_ || server_gone_) close_connection();
}

int DirectHost::done(const rs_sapi_report& report) {
    finish();
    ++served_;
    slot_.end_request(served_, report.status);
    const auto now = std::chrono::steady_clock::now();
    const bool sample_due = now - last_sample_ >= kSampleInterval;
    // A memory ceiling needs every reading (rss_every 1); otherwise they are samples.
    const bool read_rss =
        served_ % options_.rss_every == 0 && (options_.rss_every == 1 || (served_ % kSampleEvery == 0 && sample_due));
    ipc::RequestDone d = request_done_of(report, ++request_seq_, served_, options_, stopping(), read_rss);
    // The counts are in the scoreboard; the master hears of a request only when its policy
    // has something to decide: a failure (and the success that ends a run of them), a
    // memory reading, an exit, annotations (state verifier, retire reason).
    const bool failed = d.outcome != RequestOutcome::ok || d.status >= 500;
    // Every request names its route, and many restore the same state (Symfony 5.4 sets session
    // ini options in each request): those are summed and ride along with the next report.
    bool noted = false;
    std::erase_if(d.annotations, [&](const ipc::Pair& note) {
        if (note.first.starts_with("state_restored.")) {
            ++restored_since_report_[note.first];
            return true;
        }
        noted = noted || note.first != "route";
        return false;
    });
    const bool restored_due = !restored_since_report_.empty() && served_ % kSampleEvery == 0 && sample_due;
    if (failed || last_report_failed_ || d.will_exit || d.rss_bytes != 0 || noted || restored_due) {
        last_report_failed_ = failed;
        unsent_.reset();
        send_report(d, read_rss || restored_due, now);
    } else if (!restored_since_report_.empty()) {
        unsent_ = std::move(d);  // goes out if the worker falls idle (flush_when_idle)
    }
    body_.clear();
    return d.will_exit ? 0 : 1;
}

void DirectHost::send_report(ipc::RequestDone& d, bool sampled, std::chrono::steady_clock::time_point now) {
    if (sampled) last_sample_ = now;
    for (const auto& [key, times] : restored_since_report_) d.annotations.emplace_back(key, std::to_string(times));
    restored_since_report_.clear();
    if (!channel_.write(ipc::FrameType::request_done, ipc::encode(d))) stop_ = true;
}

// A worker that falls idle with counts held back sends them, with a memory reading, once the
// sample interval has passed: gauges and counts are at most about that old while it waits.
// Returns how long the idle wait may last (ms, -1: no limit).
int DirectHost::flush_when_idle(bool force) {
    if (!unsent_) return -1;
    const auto now = std::chrono::steady_clock::now();
    const auto left = kSampleInterval - (now - last_sample_);
    if (!force && left > std::chrono::steady_clock::duration::zero()) {
        return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
    }
    ipc::RequestDone d = std::move(*unsent_);
    unsent_.reset();
    d.rss_bytes = current_rss_bytes();
    send_report(d, true, now);
    return -1;
}

void DirectHost::log(int level, const char* message, std::size_t len) {
    (void)level;
    last_log_.assign(message, len);
    write_log_line(last_log_);
}

}  // namespace runtime::worker
