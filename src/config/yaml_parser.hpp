#pragma once
// YAML text -> Settings. Pure: the caller reads the file.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "origins.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::config::detail {

struct ParsedFile {
    Settings settings;                 // meaningful only when errors is empty
    Origins origins;                   // "pools[0].workers" -> "runtime.yaml:14"
    std::vector<std::string> errors;   // "runtime.yaml:14: pools[0].workers: expected ..."
};

// `source_name` prefixes errors; relative paths in the file are resolved against `base_directory`
// (left as they are when it is empty).
ParsedFile parse_settings_yaml(std::string_view yaml, const std::string& source_name,
                               const std::filesystem::path& base_directory);

}  // namespace runtime::config::detail
