#include "site_files.hpp"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <memory>

#include "runtime/obs/log.hpp"
#include "runtime/policy/script_policy.hpp"
#include "runtime/site/site_resolution.hpp"
#include "runtime/site/uri_path.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

bool is_inside(const std::string& root, const std::string& path) {
    if (root == "/") return true;
    return path == root ||
           (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/');
}

// The real directories a path under the document root may lead to: the root itself, then
// pools[].site.symlink_roots (for static files only).
struct AllowedRoots {
    std::string document_root;        // real path
    std::vector<std::string> others;  // real paths of the symlink roots that exist

    bool contain(const std::string& real) const {
        if (is_inside(document_root, real)) return true;
        for (const std::string& other : others) {
            if (is_inside(other, real)) return true;
        }
        return false;
    }
};

AllowedRoots allowed_roots(const config::PoolSettings& pool, const std::string& real_root) {
    AllowedRoots roots{real_root, {}};
    for (const std::string& directory : pool.site.symlink_roots) {
        if (auto real = policy::real_path(directory)) roots.others.push_back(std::move(*real));
    }
    return roots;
}

std::string under(const std::string& root, std::string_view relative) {
    if (relative.empty()) return root;
    return (root == "/" ? "/" : root + "/") + std::string(relative);
}

// What `relative` is under the document root, symlinks followed: a path whose real location is
// outside the allowed roots is reported as such, never as a file.
site::FileKind probe_file(const AllowedRoots& roots, std::string_view relative) {
    const auto real = policy::real_path(under(roots.document_root, relative));
    if (!real) return site::FileKind::missing;
    if (!roots.contain(*real)) return site::FileKind::outside_root;
    struct stat status {};
    if (::stat(real->c_str(), &status) != 0) return site::FileKind::missing;
    if (S_ISREG(status.st_mode)) return site::FileKind::file;
    if (S_ISDIR(status.st_mode)) return site::FileKind::directory;
    return site::FileKind::missing;  // devices, FIFOs and sockets are never served
}

// The file, from the static root (document root or symlink root) that holds its real path;
// StaticRoot checks the real path again on the file it opens.
std::optional<StaticAnswer> static_file(StaticRoots& static_roots, const AllowedRoots& roots,
                                        const std::string& absolute, const http::RequestHead& head) {
    const auto real = policy::real_path(absolute);
    if (!real) return std::nullopt;
    std::string holder = roots.document_root;
    for (const std::string& other : roots.others) {
        if (!is_inside(roots.document_root, *real) && is_inside(other, *real)) holder = other;
    }
    const StaticRoot* root = static_roots.find(holder);
    return root ? root->answer_with(*real, head) : std::nullopt;
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
        case Refusal::bad_path: return {400, "Bad Request\n", {}};
        case Refusal::denied:
        case Refusal::hidden:
        case Refusal::source:
        case Refusal::no_index: return {403, "Forbidden\n", {}};
        case Refusal::method_not_allowed: return {405, "Method Not Allowed\n", {http::Header{"Allow", "GET, HEAD"}}};
        case Refusal::script_not_found: return {404, std::string(policy::kScriptNotFoundBody), {}};
        case Refusal::outside_root:
        case Refusal::not_found:
        case Refusal::none: break;
    }
    return {404, "Not Found\n", {}};
}

void log_refusal(const config::PoolSettings& pool, const http::RequestHead& head,
                 const site::SiteResolution& decision) {
    using site::Refusal;
    if (decision.refusal == Refusal::script_not_found) {
        obs::log(lvl::warn, "primary script unknown: {} names no .php file inside {} (pool {})", head.target,
                 pool.document_root, pool.name);
    } else if (decision.refusal == Refusal::outside_root) {
        obs::log(lvl::warn, "{} resolves outside the document root {} (pool {}): 404", head.target, pool.document_root,
                 pool.name);
    } else if (decision.refusal == Refusal::bad_path) {
        obs::log(lvl::info, "bad request path {} (pool {}): 400", head.target, pool.name);
    }
}

}  // namespace

bool resolves_site_paths(const config::PoolSettings& pool) { return pool.mode == config::Mode::classic; }

SitePlan plan_site_request(const config::PoolSettings& pool, const http::RequestHead& head, StaticRoots& static_roots,
                           bool static_files) {
    SitePlan plan;
    const StaticRoot* root = static_roots.find(pool.document_root);
    if (!root) {
        plan.answer = EarlyAnswer{404, "Not Found\n", {}};
        return plan;
    }
    const AllowedRoots roots = allowed_roots(pool, root->path());
    const site::FileProbe probe = [&roots](std::string_view relative) { return probe_file(roots, relative); };
    auto decision =
        site::resolve_site_request(site::SiteRequest{head.method, head.target}, rules_of(pool, static_files), probe);
    const std::string absolute = under(roots.document_root, decision.relative);
    switch (decision.outcome) {
        case site::Outcome::static_file:
            if (auto answer = static_file(static_roots, roots, absolute, head)) {
                plan.file = std::move(answer);
            } else {
                plan.answer = EarlyAnswer{404, "Not Found\n", {}};
            }
            return plan;
        case site::Outcome::script:
            // Scripts, unlike files, never run from a symlink root (php-fpm's rule, checked again by the worker).
            if (!policy::resolve_script(roots.document_root, absolute)) {
                decision.refusal = site::Refusal::script_not_found;
                break;
            }
            plan.script = cgi::ScriptInfo{roots.document_root, absolute, decision.script_name, decision.path_info,
                                          decision.document_uri};
            return plan;
        case site::Outcome::redirect:
            plan.answer =
                EarlyAnswer{decision.status, "Moved Permanently\n", {http::Header{"Location", decision.location}}};
            return plan;
        case site::Outcome::refuse: break;
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
