#pragma once
// Final step of loading: fills the defaults that depend on other values or on the machine.
#include <filesystem>

#include "runtime/config/settings.hpp"

namespace runtime::config::detail {

struct Machine {
    unsigned hardware_threads = 1;           // detect_cpu_budget(): affinity mask capped by cgroup quota
    std::filesystem::path working_directory;  // base of relative paths from flags and environment
};

// - http_listen = 127.0.0.1:8080 when no HTTP or FastCGI listener is given
// - admin_listen = 127.0.0.1:9180 when not given
// - every path absolute; document_root = directory of entry when not given
// - workers 0 -> usable CPUs (at least 1)
// - hosts lower-cased, path prefixes without trailing '/'
void resolve(Settings& settings, const Machine& machine);

}  // namespace runtime::config::detail
