#pragma once
// Applies flag or environment overrides on top of the file's settings.
#include "origins.hpp"
#include "runtime/config/overrides.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::config::detail {

// Pool-level overrides go to the first pool, which is created when there is none.
// `origins` learns where each overridden key now comes from.
void apply_overrides(Settings& settings, const Overrides& overrides, Origins& origins);

}  // namespace runtime::config::detail
