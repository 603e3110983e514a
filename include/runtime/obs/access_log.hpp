#pragma once
// Optional access log: one line per request, nginx "combined" plus duration and worker pid,
// or JSON lines. Formatting is pure; AccessLog writes through its own asynchronous spdlog
// logger so a slow disk never stalls the io thread (when its queue is full, the oldest
// pending lines are dropped rather than waited for).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}
}  // namespace spdlog

namespace runtime::obs {

struct AccessRecord {
    std::string remote_addr;
    std::chrono::system_clock::time_point time;  // when the request head arrived
    std::string method;
    std::string target;                          // as received, query included
    int version_major = 1;                       // 2 for HTTP/2 (logged as HTTP/2.0, like nginx)
    int version_minor = 1;
    int status = 0;                              // 0: nothing was sent
    std::uint64_t bytes_sent = 0;                // response bytes sent, head included (nginx $bytes_sent)
    std::string referer;                         // empty: none
    std::string user_agent;
    double duration_seconds = 0;
    std::int64_t worker_pid = 0;                 // 0: no worker involved (static file, 404, 503)
    std::string pool;
};

// nginx combined (with $bytes_sent in the size field), then rt=<seconds> pid=<worker or ->:
// 127.0.0.1 - - [26/Nov/2026:14:43:42 +0000] "GET / HTTP/1.1" 200 153 "-" "curl/7.88" rt=0.004 pid=123
std::string format_access_combined(const AccessRecord& record);
// {"time":"2026-11-26T14:43:42.123Z","remote_addr":...,"duration_ms":4.1,"worker_pid":123,...}
std::string format_access_json(const AccessRecord& record);

class AccessLog {
public:
    // Destination from log.access_log ("stderr", "stdout" or a file path); nullptr when off.
    static Result<std::unique_ptr<AccessLog>> open(const config::LogSettings& settings);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const AccessRecord& record);

private:
    AccessLog(std::shared_ptr<spdlog::details::thread_pool> threads, std::shared_ptr<spdlog::logger> logger,
              config::AccessLogFormat format);

    std::shared_ptr<spdlog::details::thread_pool> threads_;  // outlives logger_ (declared first)
    std::shared_ptr<spdlog::logger> logger_;
    config::AccessLogFormat format_;
};

}  // namespace runtime::obs
