#pragma once
#include <map>
#include <string>

namespace runtime::config::detail {

// Configuration key path ("pools[0].workers") -> where its value was set: "runtime.yaml:12",
// "flag --workers" or "environment WORKERS". Keys set by nobody keep their default.
using Origins = std::map<std::string, std::string>;

// "origin: path: message". Without an origin for `path`, the origin of `enclosing` (the pool
// or section around it) is used; without either, the message is just "path: message".
inline std::string located_error(const Origins& origins, const std::string& path, const std::string& message,
                                 const std::string& enclosing = {}) {
    auto found = origins.find(path);
    if (found == origins.end() && !enclosing.empty()) found = origins.find(enclosing);
    return (found == origins.end() ? std::string() : found->second + ": ") + path + ": " + message;
}

}  // namespace runtime::config::detail
