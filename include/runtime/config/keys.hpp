#pragma once
// Every name the configuration accepts, generated from the tables the parsers use, so that
// documentation and tooling can be checked against the code (see tests/unit/config).
#include <string>
#include <vector>

namespace runtime::config {

// YAML key paths, e.g. "listen.http", "pools[].policy.max_requests".
std::vector<std::string> known_config_keys();

// Environment variables, e.g. "RUNTIME_LISTEN", "MAX_REQUESTS".
std::vector<std::string> known_environment_variables();

// Flags of `serve`, e.g. "--listen", "--no-prototype".
std::vector<std::string> known_flags();

}  // namespace runtime::config
