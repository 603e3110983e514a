#include "host_support.hpp"

#include <unistd.h>

#include <string>
#include <string_view>

#include "request_outcome_of.hpp"
#include "resident_memory.hpp"

namespace runtime::worker {
namespace {

const char* find_param(const std::vector<ipc::Pair>& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return value.c_str();
    }
    return nullptr;
}

}  // namespace

void fill_sapi_request(std::vector<ipc::Pair>& params, std::int64_t declared_length, std::size_t body_size,
                       double request_time, std::uint32_t timeout_seconds, std::vector<rs_sapi_pair>& server,
                       rs_sapi_request& req) {
    const bool had_body = declared_length >= 0 || body_size > 0;
    if (declared_length < 0 && had_body) params.emplace_back("CONTENT_LENGTH", std::to_string(body_size));
    server.clear();
    server.reserve(params.size());
    for (const auto& [name, value] : params) {
        server.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
    req = rs_sapi_request{};
    const char* method = find_param(params, "REQUEST_METHOD");
    const char* query = find_param(params, "QUERY_STRING");
    req.method = method ? method : "GET";
    req.request_uri = find_param(params, "REQUEST_URI");
    req.query_string = query ? query : "";
    req.content_type = find_param(params, "CONTENT_TYPE");
    req.content_length = had_body ? static_cast<std::int64_t>(body_size) : -1;
    req.cookie = find_param(params, "HTTP_COOKIE");
    req.authorization = find_param(params, "HTTP_AUTHORIZATION");
    req.script_filename = find_param(params, "SCRIPT_FILENAME");
    req.server = server.data();
    req.server_count = server.size();
    req.request_time = request_time;
    req.timeout_seconds = timeout_seconds;
}

ipc::RequestDone request_done_of(const rs_sapi_report& report, std::uint64_t request_id, std::uint64_t served,
                                 const WorkerOptions& options, bool stopping, bool read_rss) {
    ipc::RequestDone d;
    d.id = request_id;
    d.outcome = request_outcome_of(report.outcome);
    d.status = static_cast<std::uint16_t>(report.status);
    d.requests_served = served;
    if (read_rss) d.rss_bytes = current_rss_bytes();
    d.php_memory_bytes = report.php_memory_bytes;
    d.php_peak_bytes = report.php_peak_bytes;
    d.reset_ns = report.reset_ns;
    const bool limit_reached = options.max_requests && served >= options.max_requests;
    d.will_exit = stopping || limit_reached || !worker_may_continue(d.outcome) || report.retire_reason;
    if (report.detail) d.detail = report.detail;
    if (report.retire_reason) d.annotations.emplace_back("retire", report.retire_reason);
    for (std::size_t i = 0; i < report.annotation_count; ++i) {
        const auto& pair = report.annotations[i];
        d.annotations.emplace_back(std::string(pair.name.data, pair.name.len),
                                   std::string(pair.value.data, pair.value.len));
    }
    return d;
}

ipc::WorkerReady ready_report(std::chrono::steady_clock::time_point process_start) {
    ipc::WorkerReady ready;
    ready.pid = static_cast<std::uint32_t>(::getpid());
    ready.boot_ns = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - process_start).count());
    ready.rss_bytes = current_rss_bytes();
    return ready;
}

void write_log_line(std::string_view message) {
    std::string line(message);
    line.push_back('\n');
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace runtime::worker
