#pragma once
// The admin endpoint's routing: method + target in, status + body out. Pure apart from the
// sources it is given, so the whole behaviour is unit tested without sockets.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/obs/status_snapshot.hpp"

namespace runtime::obs {

struct AdminReply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// Gathered only for the pages that need them.
struct AdminSources {
    std::function<ServerView()> view;
    std::function<std::string()> metrics;  // Prometheus text exposition
};

inline constexpr std::string_view prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// GET/HEAD /metrics, /healthz, /readyz, /status, /fpm-status[?json][&full][&pool=NAME], /ping.
// Unknown paths 404, other methods 405.
AdminReply answer_admin(std::string_view method, std::string_view target, const AdminSources& sources);

}  // namespace runtime::obs
