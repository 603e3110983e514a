#include "runtime/site/site_resolution.hpp"

#include "runtime/http/static_path.hpp"
#include "runtime/site/uri_path.hpp"

namespace runtime::site {
namespace {

constexpr std::string_view kPhpExtension = ".php";

SiteResolution refuse(int status, Refusal why) {
    SiteResolution result;
    result.outcome = Outcome::refuse;
    result.status = status;
    result.refusal = why;
    return result;
}

// The request path without its leading '/', as the probe takes it.
std::string_view relative_of(std::string_view path) { return path.empty() ? path : path.substr(1); }

// nginx's `location ~ /\.(?!well-known/)`: any segment starting with '.', except a
// ".well-known" directory (the path goes on after it).
bool has_hidden_segment(std::string_view path) {
    for (std::size_t at = path.find("/."); at != std::string_view::npos; at = path.find("/.", at + 1)) {
        if (path.substr(at + 1, 12) != ".well-known/") return true;
    }
    return false;
}

SiteResolution script_at(std::string relative, std::string script_name, std::string path_info,
                         std::string document_uri) {
    SiteResolution result;
    result.outcome = Outcome::script;
    result.relative = std::move(relative);
    result.script_name = std::move(script_name);
    result.path_info = std::move(path_info);
    result.document_uri = std::move(document_uri);
    return result;
}

// `location ~ [^/]\.php(/|$)`: the script must exist (php-fpm answers "File not found."
// otherwise); the rest of the path is PATH_INFO.
SiteResolution php_location(const std::string& path, std::size_t script_end, const FileProbe& probe) {
    const std::string script_name = path.substr(0, script_end);
    const FileKind kind = probe(relative_of(script_name));
    if (kind == FileKind::outside_root) return refuse(404, Refusal::outside_root);
    if (kind != FileKind::file) return refuse(404, Refusal::script_not_found);
    return script_at(std::string(relative_of(script_name)), script_name, path.substr(script_end), path);
}

// An existing file found by try_files: sent as it is, unless PHP would run it.
SiteResolution existing_file(const std::string& path, std::string_view method) {
    if (http::is_php_script_name(path)) return refuse(403, Refusal::source);
    if (method != "GET" && method != "HEAD") return refuse(405, Refusal::method_not_allowed);
    SiteResolution result;
    result.outcome = Outcome::static_file;
    result.relative = std::string(relative_of(path));
    return result;
}

// try_files $uri/: a directory is named with its trailing slash, then answered by its index.
SiteResolution directory(const std::string& path, const SiteRequest& request, const SiteRules& rules,
                         const FileProbe& probe) {
    if (path.back() != '/') {
        SiteResolution result;
        result.outcome = Outcome::redirect;
        result.status = 301;
        result.location = encode_uri_path(path) + "/";
        if (const auto query = query_of(request.target); !query.empty()) result.location.append("?").append(query);
        return result;
    }
    for (const std::string& index : rules.index_files) {
        const std::string candidate = path + index;
        const FileKind kind = probe(relative_of(candidate));
        if (kind != FileKind::file) continue;
        if (const auto end = php_script_end(candidate); end && *end == candidate.size())
            return script_at(std::string(relative_of(candidate)), candidate, "", candidate);
        if (!rules.static_files) continue;
        return existing_file(candidate, request.method);
    }
    return refuse(403, Refusal::no_index);
}

SiteResolution fallback(const SiteRules& rules) {
    if (rules.fallback.empty()) return refuse(404, Refusal::not_found);
    return script_at(std::string(relative_of(rules.fallback)), rules.fallback, "", rules.fallback);
}

}  // namespace

bool path_is_under(std::string_view path, std::string_view prefix) {
    while (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
    if (prefix == "/") return true;
    if (!path.starts_with(prefix)) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '/';
}

std::optional<std::size_t> php_script_end(std::string_view path) {
    for (std::size_t at = path.find(kPhpExtension); at != std::string_view::npos;
         at = path.find(kPhpExtension, at + 1)) {
        const std::size_t end = at + kPhpExtension.size();
        const bool ends_segment = end == path.size() || path[end] == '/';
        if (at > 0 && path[at - 1] != '/' && ends_segment) return end;
    }
    return std::nullopt;
}

SiteResolution resolve_site_request(const SiteRequest& request, const SiteRules& rules, const FileProbe& probe) {
    const auto normalized = normalize_uri_path(request.target);
    if (!normalized) return refuse(400, Refusal::bad_path);
    const std::string& path = normalized.value();

    for (const std::string& denied : rules.denied) {
        if (path_is_under(path, denied)) return refuse(403, Refusal::denied);
    }
    if (has_hidden_segment(path)) return refuse(403, Refusal::hidden);
    if (const auto end = php_script_end(path)) return php_location(path, *end, probe);

    // try_files $uri $uri/ fallback
    const bool names_directory = path.back() == '/';
    const std::string_view as_file = relative_of(names_directory ? std::string_view(path).substr(0, path.size() - 1)
                                                                 : std::string_view(path));
    const FileKind kind = probe(as_file);
    if (kind == FileKind::outside_root) return refuse(404, Refusal::outside_root);
    if (kind == FileKind::file && !names_directory && rules.static_files) return existing_file(path, request.method);
    if (kind == FileKind::directory) return directory(path, request, rules, probe);
    return fallback(rules);
}

}  // namespace runtime::site
