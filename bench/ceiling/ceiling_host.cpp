#include "ceiling_host.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <string_view>

#include "request_outcome_of.hpp"

namespace runtime::bench {
namespace {

CeilingHost& self(void* ctx) { return *static_cast<CeilingHost*>(ctx); }

double process_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

const char* find_param(const std::vector<cgi::Param>& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return value.c_str();
    }
    return nullptr;
}

}  // namespace

CeilingHost::CeilingHost(std::vector<cgi::Param> params, CeilingPlan plan) : params_(std::move(params)), plan_(plan) {
    server_.reserve(params_.size());
    for (const auto& [name, value] : params_) {
        server_.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
}

rs_sapi_host CeilingHost::callbacks() {
    rs_sapi_host host{};
    host.ctx = this;
    host.next_request = [](void* ctx, rs_sapi_request* req) { return self(ctx).next_request(*req); };
    host.read_body = [](void*, char*, std::size_t) -> std::size_t { return 0; };
    host.send_head = [](void* ctx, int status, const rs_sapi_pair*, std::size_t) { self(ctx).send_head(status); };
    host.write = [](void* ctx, const char*, std::size_t len) {
        self(ctx).write(len);
        return 0;  // no client to leave
    };
    host.flush = [](void*) { return 0; };
    host.finish = [](void*) {};
    host.done = [](void* ctx, const rs_sapi_report* report) { return self(ctx).done(*report); };
    // PHP's own log lines (uncaught exceptions, warnings) explain a failing ceiling run.
    host.log = [](void*, int, const char* message, std::size_t len) {
        std::string line(message, len);
        line.push_back('\n');
        std::fwrite(line.data(), 1, line.size(), stderr);
    };
    return host;
}

int CeilingHost::next_request(rs_sapi_request& req) {
    if (tally_.served >= plan_.warmup + plan_.requests) return 0;
    if (tally_.served == plan_.warmup) {
        wall_start_ = std::chrono::steady_clock::now();
        cpu_start_ = process_cpu_seconds();
    }
    req = rs_sapi_request{};
    const char* query = find_param(params_, "QUERY_STRING");
    req.method = "GET";
    req.request_uri = find_param(params_, "REQUEST_URI");
    req.query_string = query ? query : "";
    req.content_length = -1;
    req.script_filename = find_param(params_, "SCRIPT_FILENAME");
    req.server = server_.data();
    req.server_count = server_.size();
    req.request_time = static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count()) /
                       1e6;
    status_ = 0;
    return 1;
}

void CeilingHost::write(std::size_t len) {
    if (timing()) tally_.response_bytes += len;
}

int CeilingHost::done(const rs_sapi_report& report) {
    tally_.last_status = report.status != 0 ? report.status : status_;
    if (report.outcome != RS_OUTCOME_OK && report.detail) tally_.last_detail = report.detail;
    if (timing()) {
        ++tally_.timed;
        if (tally_.last_status < 200 || tally_.last_status > 299) ++tally_.non_2xx;
        if (report.outcome != RS_OUTCOME_OK) ++tally_.failed;
    }
    ++tally_.served;
    if (tally_.timed > 0) {
        tally_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
        tally_.cpu_seconds = process_cpu_seconds() - cpu_start_;
    }
    // Like a real worker: an outcome that leaves PHP unsafe ends the loop.
    return worker_may_continue(request_outcome_of(report.outcome)) ? 1 : 0;
}

}  // namespace runtime::bench
