#pragma once
// Checks that need the whole, resolved configuration: listeners that collide, pools that clash,
// entry scripts that cannot be read. Field-level checks (types, ranges) happen while parsing.
#include <functional>
#include <string>
#include <vector>

#include "origins.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::config::detail {

// The file-system questions validation asks; injectable so the checks stay testable.
struct FileSystemProbe {
    std::function<bool(const std::string& path)> is_readable_file;
    std::function<bool(const std::string& path)> is_directory;
};

FileSystemProbe real_file_system();

// Every problem found, each located with `origins`; empty when the settings are valid.
std::vector<std::string> validate(const Settings& settings, const Origins& origins, const FileSystemProbe& probe);

}  // namespace runtime::config::detail
