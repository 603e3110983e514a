#pragma once
// The access log's view of one HTTP request: what was answered, by whom, how fast.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::net {

// Collected by the session while it answers a request.
struct ResponseFacts {
    std::chrono::system_clock::time_point arrived;
    std::chrono::steady_clock::time_point started;
    int status = 0;
    std::uint64_t bytes_sent = 0;   // head and body
    pid_t worker_pid = 0;           // 0: answered without a worker
    std::string pool;
};

// Counts the answer in the request metrics (by status class) and records its status.
void count_response(obs::Metrics& metrics, ResponseFacts& facts, int status);

obs::AccessRecord access_record(const http::RequestHead& head, const cgi::ConnectionInfo& connection,
                                const ResponseFacts& facts, std::chrono::steady_clock::time_point finished);

}  // namespace runtime::net
