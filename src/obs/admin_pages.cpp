#include "runtime/obs/admin_pages.hpp"

#include <algorithm>
#include <optional>

#include "runtime/obs/status_pages.hpp"

namespace runtime::obs {
namespace {

constexpr std::string_view json_type = "application/json";

struct Query {
    bool json = false;
    bool full = false;
    std::string pool;
};

// php-fpm's switches are bare words (?json&full); values are taken as they are, since pool
// names are plain identifiers.
Query parse_query(std::string_view query) {
    Query out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = item.find('=');
        const std::string_view key = item.substr(0, eq);
        if (key == "json") out.json = true;
        if (key == "full") out.full = true;
        if (key == "pool" && eq != std::string_view::npos) out.pool = std::string(item.substr(eq + 1));
    }
    return out;
}

AdminReply text(int status, std::string body) { return AdminReply{status, "text/plain; charset=utf-8", std::move(body), {}}; }

AdminReply fpm_status(const ServerView& view, const Query& query) {
    if (view.pools.empty()) return text(404, "no pool\n");
    auto pool = view.pools.begin();
    if (!query.pool.empty()) {
        pool = std::find_if(view.pools.begin(), view.pools.end(), [&](const PoolView& p) { return p.name == query.pool; });
        if (pool == view.pools.end()) return text(404, "no pool named " + query.pool + "\n");
    }
    const FpmOptions options{query.json ? FpmFormat::json : FpmFormat::text, query.full};
    AdminReply reply = text(200, render_fpm_status(*pool, options));
    if (query.json) reply.content_type = json_type;
    return reply;
}

}  // namespace

AdminReply answer_admin(std::string_view method, std::string_view target, const AdminSources& sources) {
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    static constexpr std::string_view known[] = {"/metrics", "/healthz", "/readyz", "/status", "/fpm-status", "/ping"};
    if (std::find(std::begin(known), std::end(known), path) == std::end(known)) return text(404, "not found\n");
    if (method != "GET" && method != "HEAD") {
        AdminReply reply = text(405, "method not allowed\n");
        reply.headers.emplace_back("Allow", "GET, HEAD");
        return reply;
    }
    if (path == "/metrics") return AdminReply{200, std::string(prometheus_content_type), sources.metrics(), {}};
    if (path == "/healthz") return text(200, "ok\n");
    if (path == "/ping") return text(200, "pong\n");
    const ServerView view = sources.view();
    if (path == "/readyz") {
        const Readiness ready = readiness(view);
        return text(ready.ready ? 200 : 503, ready.reason + "\n");
    }
    if (path == "/status") return AdminReply{200, std::string(json_type), render_status_json(view), {}};
    return fpm_status(view, parse_query(query));
}

}  // namespace runtime::obs
