#pragma once
// The YAML schema of the configuration file: which keys exist, how each is parsed and printed.
#include "runtime/config/settings.hpp"
#include "yaml_binding.hpp"

namespace runtime::config::detail {

const Fields<Settings>& settings_fields();

}  // namespace runtime::config::detail
