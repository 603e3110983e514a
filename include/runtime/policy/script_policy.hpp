#pragma once
// Which script a classic-mode request may run, as php-fpm decides it: the real path of
// SCRIPT_FILENAME must lie inside the pool's document root (no symlink or ".." escape) and
// end in ".php" (php-fpm's security.limit_extensions). Anything else is answered
// 404 "File not found." and logged as "primary script unknown". Header-only: the master
// checks before dispatch and the worker again before running PHP.
#include <stdlib.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace runtime::policy {

inline constexpr std::string_view kScriptNotFoundBody = "File not found.\n";

// Pure: both paths already resolved (absolute, no symlinks, no "." or "..").
inline bool script_allowed(std::string_view real_root, std::string_view real_script) {
    constexpr std::string_view extension = ".php";
    if (real_root.empty() || real_script.size() <= extension.size()) return false;
    if (real_script.substr(real_script.size() - extension.size()) != extension) return false;
    if (real_script[real_script.size() - extension.size() - 1] == '/') return false;  // a bare ".php"
    while (real_root.size() > 1 && real_root.back() == '/') real_root.remove_suffix(1);
    if (real_root == "/") return real_script.front() == '/';
    return real_script.size() > real_root.size() + 1 && real_script.substr(0, real_root.size()) == real_root &&
           real_script[real_root.size()] == '/';
}

// The file system's answer: the real path of `path`, or nullopt if it does not exist.
inline std::optional<std::string> real_path(const std::string& path) {
    if (path.empty()) return std::nullopt;
    std::unique_ptr<char, decltype(&::free)> resolved(::realpath(path.c_str(), nullptr), &::free);
    if (!resolved) return std::nullopt;
    return std::string(resolved.get());
}

// The real path of the script to run, or nullopt when it must not run.
inline std::optional<std::string> resolve_script(const std::string& document_root, const std::string& script) {
    const auto root = real_path(document_root);
    const auto resolved = real_path(script);
    if (!root || !resolved || !script_allowed(*root, *resolved)) return std::nullopt;
    return resolved;
}

}  // namespace runtime::policy
