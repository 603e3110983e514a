#include "request_plan.hpp"

#include <chrono>

#include "runtime/http/static_path.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace {

bool static_files_enabled(const FrontEnd& front, const dispatch::Route& route) {
    return front.settings.static_files && route.pool->settings().static_files;
}

// The static root of the route's pool, if files are served from it before PHP.
const StaticRoot* static_root_for(const FrontEnd& front, const dispatch::Route& route) {
    if (!static_files_enabled(front, route)) return nullptr;
    const std::string& directory =
        front.settings.static_root.empty() ? route.pool->settings().document_root : front.settings.static_root;
    return directory.empty() ? nullptr : front.static_roots.find(directory);
}

std::optional<StaticAnswer> find_delegated_file(const FrontEnd& front, const dispatch::Route& route,
                                                const http::FileDelegation& delegation, const http::RequestHead& head) {
    if (delegation.kind == http::FileDelegation::Kind::file_path) {
        if (const StaticRoot* root = static_root_for(front, route)) {
            if (auto answer = root->answer_with(delegation.target, head)) return answer;
        }
    }
    // X-Accel-Redirect names a path under the sendfile roots, with the static path rules.
    const http::StaticPath uri = delegation.kind == http::FileDelegation::Kind::uri
                                     ? http::resolve_static_path(delegation.target)
                                     : http::StaticPath{};
    for (const std::string& directory : front.settings.sendfile_roots) {
        const StaticRoot* root = front.static_roots.find(directory);
        if (!root) continue;
        const std::string path = delegation.kind == http::FileDelegation::Kind::uri
                                     ? (uri ? root->path() + "/" + uri.relative : std::string())
                                     : delegation.target;
        if (path.empty()) break;
        if (auto answer = root->answer_with(path, head)) return answer;
    }
    return std::nullopt;
}

}  // namespace

RequestPlan plan_request(const FrontEnd& front, const http::RequestHead& head, const cgi::ConnectionInfo& connection,
                         bool has_body) {
    RequestPlan plan;
    const std::string_view path = std::string_view(head.target).substr(0, head.target.find('?'));
    const dispatch::Route* route = front.router.route(head.find("Host").value_or(""), path);
    if (!route) {
        plan.answer = EarlyAnswer{404, "No pool serves this host and path\n", {}};
        return plan;
    }
    const auto& pool_settings = route->pool->settings();
    std::optional<cgi::ScriptInfo> site_script;  // classic sites: the script the path names
    if (resolves_site_paths(pool_settings)) {
        SitePlan site = plan_site_request(pool_settings, head, front.static_roots, static_files_enabled(front, *route));
        if (site.file) {
            plan.file = std::move(site.file);
            return plan;
        }
        if (site.answer) {
            plan.answer = std::move(site.answer);
            return plan;
        }
        site_script = std::move(site.script);
    } else {
        if (auto denied = denied_answer(pool_settings, head)) {
            plan.answer = std::move(denied);
            return plan;
        }
        if (const StaticRoot* root = static_root_for(front, *route)) {
            if (auto answer = root->answer(head)) {
                plan.file = std::move(answer);
                return plan;
            }
        }
    }

    ipc::RequestHead request;
    request.request_time = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    request.timeout_seconds = static_cast<std::uint32_t>(pool_settings.policy.request_timeout.count());
    request.content_length = head.content_length ? static_cast<std::int64_t>(*head.content_length) : -1;
    request.params = cgi::build_cgi_params(head, connection, site_script ? *site_script : route->script);
    plan.worker = WorkerPlan{route, dispatch::ExchangeRequest{std::move(request), head.method, head.target, has_body}};
    return plan;
}

std::variant<StaticAnswer, EarlyAnswer> delegated_answer(const FrontEnd& front, const dispatch::Route& route,
                                                         const http::FileDelegation& delegation,
                                                         const http::RequestHead& head) {
    if (auto answer = find_delegated_file(front, route, delegation, head)) {
        if (answer->plan.status != 304) http::merge_application_headers(answer->plan.headers, delegation.headers);
        return std::move(*answer);
    }
    obs::log(spdlog::level::warn, "{} {} names {}, which is not a file under the static or sendfile roots: 404",
             delegation.kind == http::FileDelegation::Kind::uri ? "X-Accel-Redirect" : "X-Sendfile", head.target,
             delegation.target);
    return EarlyAnswer{404, "Not Found\n", {}};
}

}  // namespace runtime::net
