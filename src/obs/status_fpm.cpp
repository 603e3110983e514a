// php-fpm's status page (pm.status_path), field for field, so existing dashboards and
// checks (e.g. the Prometheus php-fpm exporter) read ours unchanged.
#include <ctime>

#include <fmt/format.h>

#include "runtime/obs/status_pages.hpp"
#include "text_format.hpp"

namespace runtime::obs {
namespace {

using detail::json_quoted;

// php-fpm writes start times in local time, like its access log.
std::string fpm_time(std::int64_t unix_seconds) { return detail::common_log_time(static_cast<std::time_t>(unix_seconds)); }

std::uint64_t microseconds(double seconds) { return seconds > 0 ? static_cast<std::uint64_t>(seconds * 1e6) : 0; }
std::uint64_t length_or_zero(std::int64_t length) { return length > 0 ? static_cast<std::uint64_t>(length) : 0; }

// "name:" padded to php-fpm's column (the longest name is "max active processes").
void text_field(std::string& out, std::string_view name, std::string_view value) {
    fmt::format_to(std::back_inserter(out), "{:<22}{}\n", fmt::format("{}:", name), value);
}

// php-fpm counts "max children reached" only for dynamic and ondemand pools; it is not
// tracked here (0), also for elastic pools, which report themselves as "dynamic".
constexpr int max_children_reached = 0;
std::string_view process_manager(const PoolView& pool) {
    return pool.min_workers < pool.max_workers ? "dynamic" : "static";
}
// Per-request CPU time is not measured by the workers.
constexpr double last_request_cpu = 0.0;
constexpr std::string_view no_user = "-";  // no HTTP authentication user is tracked

std::size_t active(const PoolView& pool) { return pool.busy; }
std::size_t total(const PoolView& pool) { return pool.idle + pool.busy; }

void text_pool(std::string& out, const PoolView& pool) {
    text_field(out, "pool", pool.name);
    text_field(out, "process manager", process_manager(pool));
    text_field(out, "start time", fpm_time(pool.started_unix));
    text_field(out, "start since", std::to_string(pool.seconds_since_start));
    text_field(out, "accepted conn", std::to_string(pool.accepted));
    text_field(out, "listen queue", std::to_string(pool.queue_depth));
    text_field(out, "max listen queue", std::to_string(pool.max_queue_depth));
    text_field(out, "listen queue len", std::to_string(pool.queue_limit));
    text_field(out, "idle processes", std::to_string(pool.idle));
    text_field(out, "active processes", std::to_string(active(pool)));
    text_field(out, "total processes", std::to_string(total(pool)));
    text_field(out, "max active processes", std::to_string(pool.max_busy));
    text_field(out, "max children reached", std::to_string(max_children_reached));
    text_field(out, "slow requests", std::to_string(pool.slow_requests));
}

void text_worker(std::string& out, const PoolView& pool, const WorkerView& w, std::int64_t now_unix) {
    out += "\n************************\n";
    text_field(out, "pid", std::to_string(w.pid));
    text_field(out, "state", fpm_state_name(w.state));
    text_field(out, "start time", fpm_time(w.started_unix));
    text_field(out, "start since", std::to_string(now_unix - w.started_unix));
    text_field(out, "requests", std::to_string(w.requests));
    text_field(out, "request duration", std::to_string(microseconds(w.request_seconds)));
    text_field(out, "request method", w.method.empty() ? "-" : w.method);
    text_field(out, "request URI", w.uri.empty() ? "-" : w.uri);
    text_field(out, "content length", std::to_string(length_or_zero(w.content_length)));
    text_field(out, "user", no_user);
    text_field(out, "script", pool.script.empty() ? "-" : pool.script);
    text_field(out, "last request cpu", fmt::format("{:.2f}", last_request_cpu));
    text_field(out, "last request memory", std::to_string(w.last_request_memory));
}

void json_pool(std::string& out, const PoolView& pool) {
    fmt::format_to(std::back_inserter(out),
                   R"({{"pool":{},"process manager":"{}","start time":{},"start since":{},"accepted conn":{},)"
                   R"("listen queue":{},"max listen queue":{},"listen queue len":{},"idle processes":{},)"
                   R"("active processes":{},"total processes":{},"max active processes":{},)"
                   R"("max children reached":{},"slow requests":{})",
                   json_quoted(pool.name), process_manager(pool), pool.started_unix, pool.seconds_since_start,
                   pool.accepted, pool.queue_depth, pool.max_queue_depth, pool.queue_limit, pool.idle, active(pool),
                   total(pool), pool.max_busy, max_children_reached, pool.slow_requests);
}

void json_worker(std::string& out, const PoolView& pool, const WorkerView& w, std::int64_t now_unix) {
    fmt::format_to(std::back_inserter(out),
                   R"({{"pid":{},"state":"{}","start time":{},"start since":{},"requests":{},)"
                   R"("request duration":{},"request method":{},"request URI":{},"content length":{},)"
                   R"("user":"{}","script":{},"last request cpu":{:.2f},"last request memory":{}}})",
                   w.pid, fpm_state_name(w.state), w.started_unix, now_unix - w.started_unix, w.requests,
                   microseconds(w.request_seconds), json_quoted(w.method.empty() ? "-" : w.method),
                   json_quoted(w.uri.empty() ? "-" : w.uri), length_or_zero(w.content_length), no_user,
                   json_quoted(pool.script.empty() ? "-" : pool.script), last_request_cpu, w.last_request_memory);
}

}  // namespace

std::string_view fpm_state_name(std::string_view state) {
    if (state == "idle") return "Idle";
    if (state == "busy") return "Running";
    if (state == "starting") return "Starting";
    if (state == "retiring") return "Finishing";
    return "Unknown";
}

std::string render_fpm_status(const PoolView& pool, const FpmOptions& options) {
    const std::int64_t now_unix = pool.started_unix + pool.seconds_since_start;
    std::string out;
    if (options.format == FpmFormat::text) {
        text_pool(out, pool);
        if (options.full) {
            for (const WorkerView& w : pool.workers) text_worker(out, pool, w, now_unix);
        }
        return out;
    }
    json_pool(out, pool);
    if (options.full) {
        out += R"(, "processes":[)";
        for (std::size_t i = 0; i < pool.workers.size(); ++i) {
            if (i > 0) out += ',';
            json_worker(out, pool, pool.workers[i], now_unix);
        }
        out += ']';
    }
    out += '}';
    return out;
}

}  // namespace runtime::obs
