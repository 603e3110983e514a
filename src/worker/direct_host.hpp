#pragma once
// The worker's side of the SAPI boundary in direct dispatch: the worker accepts FastCGI
// connections on the pool's listener itself, as a php-fpm child does, and answers PHP's
// callbacks with FastCGI records on that connection. The master only supervises: it gets a
// request_done report after each request over the channel, and the worker keeps its
// scoreboard slot current (no syscall) for timeouts and /status.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "body_spool.hpp"
#include "runtime/common/scoreboard.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/fastcgi/cgi_response.hpp"
#include "runtime/fastcgi/decoder.hpp"
#include "runtime/ipc/blocking_channel.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/worker/options.hpp"
#include "runtime_sapi.h"

namespace runtime::worker {

class DirectHost {
public:
    DirectHost(ipc::BlockingChannel& channel, const WorkerOptions& options, ScoreboardSlot& slot,
               std::chrono::steady_clock::time_point process_start);

    rs_sapi_host callbacks();
    bool ready_sent() const { return ready_sent_; }
    const std::string& last_log_line() const { return last_log_; }
    bool wait_request(rs_sapi_request& req) { return next_request(req) != 0; }

private:
    template <typename Host>
    friend rs_sapi_host sapi_callbacks(Host& host);

    int next_request(rs_sapi_request& req);
    std::size_t read_body(char* buf, std::size_t len) { return body_.read(buf, len); }
    void send_head(int status, const rs_sapi_pair* headers, std::size_t count);
    bool write(const char* data, std::size_t len);  // true: the web server is gone
    bool flush();
    void finish();
    int done(const rs_sapi_report& report);
    void log(int level, const char* message, std::size_t len);

    enum class Read { request, closed };
    bool stopping();
    bool accept_connection();
    bool wait_for_connection(int timeout_ms);
    void send_report(ipc::RequestDone& d, bool sampled, std::chrono::steady_clock::time_point now);
    int flush_when_idle(bool force);
    bool master_says_stop();
    Read read_request();
    bool handle(fastcgi::Event& event, bool& complete);  // false: close the connection
    bool send_to_server(std::string_view bytes);         // false: the connection is broken
    void close_connection();
    bool emit_head(std::optional<std::size_t> complete_length);
    void set_nodelay(int fd);

    ipc::BlockingChannel& channel_;
    const WorkerOptions& options_;
    ScoreboardSlot& slot_;
    std::chrono::steady_clock::time_point process_start_;
    bool ready_sent_ = false;
    bool stop_ = false;
    std::uint64_t served_ = 0;
    std::uint64_t request_seq_ = 0;
    bool last_report_failed_ = false;
    std::map<std::string, std::uint64_t> restored_since_report_;  // "state_restored.<kind>" -> requests
    std::chrono::steady_clock::time_point last_sample_;           // last sampled report (kSampleInterval)
    std::optional<ipc::RequestDone> unsent_;                      // the last report, held back with counts

    // How accepted connections get TCP_NODELAY: none on a unix socket, else from the listener
    // when the kernel passes it on (checked on the first connections), else one by one.
    enum class Nodelay { not_tcp, unchecked, inherited, per_connection };
    Nodelay nodelay_ = Nodelay::not_tcp;
    int nodelay_checks_ = 0;
    bool wait_first_ = false;  // the last accept4() found the queue empty: wait before the next
    UniqueFd waiter_;          // epoll: the listener (exclusive wake-up) and the channel
    UniqueFd connection_;
    fastcgi::ConnectionDecoder decoder_;
    std::vector<fastcgi::Event> events_;  // reused: no allocation per read
    std::string input_;
    std::uint16_t request_id_ = 0;
    bool keep_conn_ = false;
    bool params_complete_ = false;
    std::vector<ipc::Pair> params_;
    std::vector<rs_sapi_pair> server_;
    BodySpool body_;

    int status_ = 200;
    std::vector<fastcgi::CgiHeader> headers_;
    bool head_captured_ = false;
    bool head_emitted_ = false;
    bool finished_ = false;
    bool server_gone_ = false;
    std::string output_;  // PHP output not yet sent
    std::string records_;
    std::string last_log_;
};

}  // namespace runtime::worker
