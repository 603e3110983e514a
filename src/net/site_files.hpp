#pragma once
// Classic-mode sites over HTTP: the request path names a static file, a PHP script, a
// directory or nothing, decided by runtime::site's pure rules; this is the file-system side
// (real paths under the document root) and the answers that need no PHP.
#include <optional>
#include <string>
#include <vector>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/response_head.hpp"
#include "static_files.hpp"

namespace runtime::net {

// An answer written without PHP (redirect, refusal).
struct EarlyAnswer {
    int status = 404;
    std::string body;
    std::vector<http::Header> headers;
};

// Exactly one member is set.
struct SitePlan {
    std::optional<StaticAnswer> file;
    std::optional<EarlyAnswer> answer;
    std::optional<cgi::ScriptInfo> script;  // the script to run, with its PATH_INFO
};

// True for pools whose requests are resolved to files (classic mode).
bool resolves_site_paths(const config::PoolSettings& pool);

// Every request gets 404 when the pool's document root cannot be opened; `static_files` is
// false when http.static_files or pools[].static_files is off.
SitePlan plan_site_request(const config::PoolSettings& pool, const http::RequestHead& head, StaticRoots& static_roots,
                           bool static_files);

// Worker mode: pools[].site.deny still applies before the front controller (403).
std::optional<EarlyAnswer> denied_answer(const config::PoolSettings& pool, const http::RequestHead& head);

}  // namespace runtime::net
