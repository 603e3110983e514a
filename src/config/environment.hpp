#pragma once
// Environment variables -> Overrides. The environment is passed in (not read with getenv)
// so that loading stays a pure function of its inputs.
#include <map>
#include <string>
#include <vector>

#include "runtime/config/overrides.hpp"

namespace runtime::config::detail {

struct EnvironmentOverrides {
    Overrides overrides;
    std::vector<std::string> errors;  // "MAX_REQUESTS: expected a non-negative integer, got 'x'"
};

// Empty variables count as unset. When both WORKERS and RUNTIME_WORKERS are set, the
// more specific RUNTIME_WORKERS wins.
EnvironmentOverrides environment_overrides(const std::map<std::string, std::string>& environment);

}  // namespace runtime::config::detail
