#pragma once
// Which files of an application the development mode watches (pools[].watch.paths): pure
// matching of paths relative to the watch root, no file-system access.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runtime::watch {

struct WatchPattern {
    std::string directory;   // relative to the root; "" = the root itself
    bool recursive = false;  // "src/": every file below the directory
    std::string glob;        // file patterns ("public/index.php", ".env*"); empty when recursive
};

// "src/" -> recursive directory; anything else is a glob on the whole relative path (fnmatch
// with FNM_PATHNAME: '*' stays within one directory), watched in its parent directory.
std::vector<WatchPattern> parse_patterns(std::span<const std::string> patterns);

// `relative_path`: a file below the root ("src/Controller/Home.php").
bool matches(std::span<const WatchPattern> patterns, std::string_view relative_path);

// Editor scratch files (vim swap and backup files, emacs lock files): never a change.
bool is_scratch_file(std::string_view file_name);

}  // namespace runtime::watch
