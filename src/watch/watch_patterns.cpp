#include "runtime/watch/watch_patterns.hpp"

#include <fnmatch.h>

namespace runtime::watch {

std::vector<WatchPattern> parse_patterns(std::span<const std::string> patterns) {
    std::vector<WatchPattern> parsed;
    for (std::string pattern : patterns) {
        while (pattern.starts_with("./")) pattern.erase(0, 2);
        if (pattern.ends_with('/')) {
            while (pattern.ends_with('/')) pattern.pop_back();
            parsed.push_back(WatchPattern{.directory = pattern, .recursive = true, .glob = {}});
            continue;
        }
        const auto slash = pattern.rfind('/');
        std::string directory = slash == std::string::npos ? std::string() : pattern.substr(0, slash);
        parsed.push_back(WatchPattern{.directory = std::move(directory), .recursive = false, .glob = pattern});
    }
    return parsed;
}

bool matches(std::span<const WatchPattern> patterns, std::string_view relative_path) {
    const std::string path(relative_path);
    for (const WatchPattern& pattern : patterns) {
        if (pattern.recursive) {
            if (pattern.directory.empty() || path.starts_with(pattern.directory + "/")) return true;
        } else if (::fnmatch(pattern.glob.c_str(), path.c_str(), FNM_PATHNAME) == 0) {
            return true;
        }
    }
    return false;
}

bool is_scratch_file(std::string_view name) {
    return name.empty() || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") ||
           name.starts_with(".#") || name == "4913";  // vim's probe file
}

}  // namespace runtime::watch
