#pragma once
// Maps a request path to a file path relative to the static root, or refuses it. Pure: the
// file system is consulted later (src/net), which also checks with realpath() that symlinks
// do not leave the root. A refused path is not an error: the request goes to PHP.
#include <optional>
#include <string>
#include <string_view>

namespace runtime::http {

enum class StaticPathRefusal {
    not_absolute,      // the target does not start with '/' ("*", absolute-form)
    bad_encoding,      // malformed %XX, or an encoded NUL, '/' or '\'
    traversal,         // a ".." segment (also when percent-encoded)
    hidden,            // a segment starting with '.' (dotfiles; /.well-known/ is allowed)
    script,            // PHP sources are never sent as files (.php, .phtml, .phar ...)
    directory,         // ends with '/': directories go to the front controller
};

struct StaticPath {
    std::string relative;  // "css/app.css": decoded, no empty, "." or ".." segments
    std::optional<StaticPathRefusal> refusal;
    explicit operator bool() const { return !refusal; }
};

// `target` is the request target; the query string (from '?') is ignored.
StaticPath resolve_static_path(std::string_view target);

// The rules for a decoded path relative to a root ("css/app.css"): no ".." segment, no
// hidden segment (but /.well-known/), no PHP source. Also applied to X-Sendfile targets.
std::optional<StaticPathRefusal> check_file_path(std::string_view relative);

// Decodes %XX escapes; fails on a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view text);

// True for file names PHP would execute (case-insensitive): never served as static files.
bool is_php_script_name(std::string_view name);

}  // namespace runtime::http
