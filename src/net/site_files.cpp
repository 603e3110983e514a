#include "site_files.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <memory>

#include "runtime/fastcgi/script_policy.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/site/site_resolution.hpp"
#include "runtime/site/uri_path.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

bool is_inside(const std::string& root, const std::string& path) {
    if (root == "/") return true;
    return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                            path[root.size()] == '/');
}

// What `relative` is under `root`, symlinks followed: a path whose real location is outside the
// root is reported as such, never as a file.
site::FileKind probe_file(const std::string& root, std::string_view relative) {
    const std::string path = relative.empty() ? root : (root == "/" ? "/" : root + "/") + std::string(relative);
    const auto real = fastcgi::real_path(path);
    if (!real) return site::FileKind::missing;
    if (!is_inside(root, *real)) return site::FileKind::outside_root;
    struct stat status {};
    if (::stat(real->c_str(), &status) != 0) return site::FileKind::missing;
    if (S_ISREG(status.st_mode)) return site::FileKind::file;
    if (S_ISDIR(status.st_mode)) return site::FileKind::directory;
    return site::FileKind::missing;  // devices, FIFOs and sockets are never served
}

site::SiteRules rules_of(const config::PoolSettings& pool, bool static_files) {
    site::SiteRules rules;
    rules.index_files = pool.site.index;
    rules.fallback = pool.site.has_fallback() ? pool.site.fallback : std::string();
    rules.denied = pool.site.deny;
    rules.static_files = static_files;
    return rules;
}

EarlyAnswer refusal_answer(const site::SiteResolution& decision) {
    using site::Refusal;
    switch (decision.refusal) {
    case Refusal::bad_path:
        return {400, "Bad Request\n", {}};
    case Refusal::denied:
    case Refusal::hidden:
    case Refusal::source:
    case Refusal::no_index:
        return {403, "Forbidden\n", {}};
    case Refusal::method_not_allowed:
        return {405, "Method Not Allowed\n", {http::Header{"Allow", "GET, HEAD"}}};
    case Refusal::script_not_found:
        return {404, std::string(fastcgi::kScriptNotFoundBody), {}};
    case Refusal::outside_root:
    case Refusal::not_found:
    case Refusal::none:
        break;
    }
    return {404, "Not Found\n", {}};
}

void log_refusal(const config::PoolSettings& pool, const http::RequestHead& head, const site::SiteResolution& decision) {
    using site::Refusal;
    if (decision.refusal == Refusal::script_not_found) {
        obs::log(lvl::warn, "primary script unknown: {} names no .php file inside {} (pool {})", head.target,
                 pool.document_root, pool.name);
    } else if (decision.refusal == Refusal::outside_root) {
        obs::log(lvl::warn, "{} resolves outside the document root {} (pool {}): 404", head.target,
                 pool.document_root, pool.name);
    } else if (decision.refusal == Refusal::bad_path) {
        obs::log(lvl::info, "bad request path {} (pool {}): 400", head.target, pool.name);
    }
}

}  // namespace

bool resolves_site_paths(const config::PoolSettings& pool) { return pool.mode == config::Mode::classic; }

SitePlan plan_site_request(const config::PoolSettings& pool, const http::RequestHead& head, const StaticRoot* root,
                           bool static_files) {
    SitePlan plan;
    if (!root) {
        plan.answer = EarlyAnswer{404, "Not Found\n", {}};
        return plan;
    }
    const std::string& real_root = root->path();
    const site::FileProbe probe = [&real_root](std::string_view relative) { return probe_file(real_root, relative); };
    const auto decision =
        site::resolve_site_request(site::SiteRequest{head.method, head.target}, rules_of(pool, static_files), probe);
    const std::string absolute = (real_root == "/" ? "/" : real_root + "/") + decision.relative;
    switch (decision.outcome) {
    case site::Outcome::static_file:
        // answer_with checks the real path again, on the file it opens.
        if (auto answer = root->answer_with(absolute, head)) {
            plan.file = std::move(answer);
        } else {
            plan.answer = EarlyAnswer{404, "Not Found\n", {}};
        }
        return plan;
    case site::Outcome::script: {
        cgi::ScriptInfo script;
        script.document_root = real_root;
        script.script_filename = absolute;
        script.script_name = decision.script_name;
        script.path_info = decision.path_info;
        script.document_uri = decision.document_uri;
        plan.script = std::move(script);
        return plan;
    }
    case site::Outcome::redirect:
        plan.answer = EarlyAnswer{decision.status, "Moved Permanently\n", {http::Header{"Location", decision.location}}};
        return plan;
    case site::Outcome::refuse:
        break;
    }
    log_refusal(pool, head, decision);
    plan.answer = refusal_answer(decision);
    return plan;
}

std::optional<EarlyAnswer> denied_answer(const config::PoolSettings& pool, const http::RequestHead& head) {
    if (pool.site.deny.empty()) return std::nullopt;
    const auto path = site::normalize_uri_path(head.target);
    if (!path) return std::nullopt;  // the application answers what is no path
    for (const std::string& denied : pool.site.deny) {
        if (site::path_is_under(path.value(), denied)) return EarlyAnswer{403, "Forbidden\n", {}};
    }
    return std::nullopt;
}

}  // namespace runtime::net
