#pragma once
// Which file answers a request to a classic-mode site, the way nginx's usual php-fpm server
// block decides it:
//
//     location / { try_files $uri $uri/ /index.php$is_args$args; }
//     location ~ /\.(?!well-known/) { deny all; }
//     location ~ [^/]\.php(/|$) { fastcgi_split_path_info ^(.+?\.php)(/.*)$; ... }
//
// Pure: the file system is asked through a FileProbe, which src/net implements with real
// paths (a symlink leading out of the document root is `outside_root`).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runtime::site {

enum class FileKind { missing, file, directory, outside_root };

// `relative` is a path under the document root without a leading '/' ("" is the root itself,
// "docs/index.php"); the probe follows symlinks.
using FileProbe = std::function<FileKind(std::string_view relative)>;

struct SiteRules {
    std::vector<std::string> index_files{"index.php"};  // tried in order for a directory
    std::string fallback;                   // front controller URI ("/index.php"); empty: 404
    std::vector<std::string> denied;        // URI path prefixes answered 403 ("/data", "/conf/")
    bool static_files = true;               // false: existing non-PHP files go to the fallback
};

enum class Outcome {
    static_file,  // send `relative` as a file (GET/HEAD)
    script,       // run `relative` as PHP
    redirect,     // 301 to `location` (a directory named without its trailing '/')
    refuse,       // answer `status` without PHP
};

// Why a request was refused, for the log and for the body of the answer.
enum class Refusal {
    none,
    bad_path,            // 400: not a path, bad escape, ".." above the root
    denied,              // 403: a configured denied path
    hidden,              // 403: a dotfile or dot-directory (but /.well-known/)
    source,              // 403: an existing file PHP would run that is not a .php script (.phtml, .PHP ...)
    no_index,            // 403: a directory without an index file
    method_not_allowed,  // 405: a file asked for with a method other than GET or HEAD
    outside_root,        // 404: a symlink out of the document root
    script_not_found,    // 404: a .php path naming no script ("File not found." like php-fpm)
    not_found,           // 404: nothing matched and no fallback is configured
};

struct SiteResolution {
    Outcome outcome = Outcome::refuse;
    int status = 200;
    Refusal refusal = Refusal::none;
    std::string relative;      // static_file, script: the file under the root ("docs/index.php")
    std::string script_name;   // script: SCRIPT_NAME ("/docs/index.php")
    std::string path_info;     // script: PATH_INFO ("/extra/path"), decoded
    std::string document_uri;  // script: nginx's $document_uri after the rewrite
    std::string location;      // redirect: the Location value ("/docs/?page=2")
};

struct SiteRequest {
    std::string_view method;
    std::string_view target;  // as received: path and query
};

SiteResolution resolve_site_request(const SiteRequest& request, const SiteRules& rules, const FileProbe& probe);

// True when `path` (normalized, starting with '/') is `prefix` or lies under it; a trailing
// '/' of the prefix is ignored ("/data" and "/data/" both deny "/data" and "/data/x", not "/database").
bool path_is_under(std::string_view path, std::string_view prefix);

// The split nginx's fastcgi_split_path_info ^(.+?\.php)(/.*)$ makes, guarded by the location
// regex [^/]\.php(/|$): the end of the first ".php" segment with a name before it, followed by
// '/' or the end of the path; nullopt when the path names no PHP script.
std::optional<std::size_t> php_script_end(std::string_view path);

}  // namespace runtime::site
