// /status: the server's own view, in JSON, for humans and scripts.
#include <fmt/format.h>

#include "runtime/obs/status_pages.hpp"
#include "text_format.hpp"

namespace runtime::obs {
namespace {

using detail::json_quoted;
std::string quoted_or_null(std::string_view text) { return text.empty() ? "null" : json_quoted(text); }

void worker_json(std::string& out, const WorkerView& w) {
    const bool busy = w.state == "busy";
    fmt::format_to(std::back_inserter(out),
                   R"({{"pid":{},"state":{},"requests":{},"rss_bytes":{},"age_seconds":{:.3f},)"
                   R"("method":{},"uri":{},"request_seconds":{}}})",
                   w.pid, json_quoted(w.state), w.requests, w.rss_bytes, w.age_seconds,
                   busy ? json_quoted(w.method) : "null", busy ? json_quoted(w.uri) : "null",
                   busy ? fmt::format("{:.3f}", w.request_seconds) : "null");
}

void pool_json(std::string& out, const PoolView& p) {
    fmt::format_to(std::back_inserter(out),
                   R"({{"name":{},"ready":{},"configured_workers":{},"min_workers":{},"max_workers":{},)"
                   R"("target_workers":{},"idle":{},"busy":{},"starting":{},)"
                   R"("retiring":{},"total":{},"queue_depth":{},"max_queue_depth":{},"max_busy":{},)"
                   R"("accepted":{},"queue_rejections":{},"slow_requests":{},"uptime_seconds":{},)"
                   R"("last_recycle_reason":{},"workers":[)",
                   json_quoted(p.name), p.ready, p.configured_workers, p.min_workers, p.max_workers, p.target_workers,
                   p.idle, p.busy, p.starting, p.retiring, p.total, p.queue_depth, p.max_queue_depth, p.max_busy,
                   p.accepted, p.queue_rejections, p.slow_requests, p.seconds_since_start,
                   quoted_or_null(p.last_recycle_reason));
    for (std::size_t i = 0; i < p.workers.size(); ++i) {
        if (i > 0) out += ',';
        worker_json(out, p.workers[i]);
    }
    out += "]}";
}

}  // namespace

std::string render_status_json(const ServerView& server) {
    const Readiness ready = readiness(server);
    std::string out = fmt::format(R"({{"ready":{},"draining":{},"pools":[)", ready.ready, server.draining);
    for (std::size_t i = 0; i < server.pools.size(); ++i) {
        if (i > 0) out += ',';
        pool_json(out, server.pools[i]);
    }
    out += "]}\n";
    return out;
}

Readiness readiness(const ServerView& server) {
    if (server.draining) return {false, "draining"};
    if (server.pools.empty()) return {false, "no pool configured"};
    for (const PoolView& pool : server.pools) {
        if (!pool.ready) return {false, "pool " + pool.name + ": no ready worker"};
    }
    return {true, "ready"};
}

}  // namespace runtime::obs
