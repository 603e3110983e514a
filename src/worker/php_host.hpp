#pragma once
// The worker's side of the SAPI boundary: answers PHP's callbacks (next request, body,
// output, done) with IPC frames to and from the master.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "body_spool.hpp"
#include "runtime/ipc/blocking_channel.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/worker/options.hpp"
#include "runtime_sapi.h"

namespace runtime::worker {

class PhpHost {
public:
    PhpHost(ipc::BlockingChannel& channel, const WorkerOptions& options,
            std::chrono::steady_clock::time_point process_start);

    rs_sapi_host callbacks();
    bool ready_sent() const { return ready_sent_; }
    const std::string& last_log_line() const { return last_log_; }

    // Classic mode drives requests from C++: waits for one and fills req (false = stop).
    bool wait_request(rs_sapi_request& req) { return next_request(req) != 0; }

private:
    template <typename Host>
    friend rs_sapi_host sapi_callbacks(Host& host);

    int next_request(rs_sapi_request& req);
    std::size_t read_body(char* buf, std::size_t len) { return body_.read(buf, len); }
    void send_head(int status, const rs_sapi_pair* headers, std::size_t count);
    bool early_hints(const rs_sapi_pair* headers, std::size_t count);
    bool write(const char* data, std::size_t len);  // true: the client is gone
    bool flush();
    void finish();
    int done(const rs_sapi_report& report);
    void log(int level, const char* message, std::size_t len);

    enum class Received { request, aborted, stop };
    bool receive_request();
    Received receive_one();
    Received stop_receiving(std::string_view error);  // logs a non-empty error
    void prepare_request(rs_sapi_request& req);
    void start_streaming();
    void queue_body(std::string_view bytes);
    void send(ipc::FrameType type, std::string_view payload);  // queue + send_queued
    void queue(ipc::FrameType type, std::string_view payload);
    void send_queued();

    ipc::BlockingChannel& channel_;
    const WorkerOptions& options_;
    std::chrono::steady_clock::time_point process_start_;
    bool ready_sent_ = false;
    bool stop_ = false;  // shutdown frame, EOF or a broken channel
    std::uint64_t served_ = 0;

    ipc::RequestHead head_;
    std::vector<rs_sapi_pair> server_;
    BodySpool body_;

    ipc::ResponseHead response_head_;
    bool head_captured_ = false;
    bool streaming_ = false;
    bool finished_ = false;
    bool client_gone_ = false;  // the master sent client_aborted for this request
    std::string output_;
    std::string last_log_;
};

}  // namespace runtime::worker
