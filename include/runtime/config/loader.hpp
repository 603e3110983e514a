#pragma once
// Loading the effective configuration: defaults < file (YAML) < environment < command-line flags.
// A load either yields a complete, validated Settings or an Error listing every problem found,
// one per line, each naming its origin and key path:
//   runtime.yaml:12: pools[0].policy.max_requests: expected a non-negative integer, got 'abc'
//   environment WORKERS: expected an integer between 0 and 1024, got '5000'
//   flag --entry: pools[0].entry: '/srv/app/public/index.php' is not a readable file
#include <filesystem>
#include <map>
#include <string>

#include "runtime/common/result.hpp"
#include "runtime/config/command_line.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::config {

struct LoadOptions {
    unsigned hardware_threads = 0;            // resolves workers: 0; 0 here = detect_cpu_budget() (affinity, cgroup quota)
    std::filesystem::path working_directory;  // base of relative paths from flags/environment; empty = current
};

// Reads the file named by --config (or RUNTIME_CONFIG), overlays `environment` and the flags of
// `invocation`, fills the defaults and validates. The environment is passed in rather than read,
// so loading is a function of its inputs (see environment_from()).
Result<Settings> load_settings(const Invocation& invocation, const std::map<std::string, std::string>& environment,
                               const LoadOptions& options = {});

// "KEY=VALUE" entries (e.g. main's envp or `environ`, NULL-terminated) as a map.
std::map<std::string, std::string> environment_from(const char* const* entries);

// The effective configuration as YAML in the file's own schema (for serve --test). Loading the
// output again yields the same Settings.
std::string render_effective(const Settings& settings);

}  // namespace runtime::config
