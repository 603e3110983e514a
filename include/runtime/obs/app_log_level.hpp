#pragma once
// The level of a line a PHP process wrote to stderr, when its format says it: Monolog's line and
// JSON formats, Symfony's built-in logger, PHP's own error prefixes, the worker's slow log.
// Pure: the master relays the line at this level (info when nothing is recognised).
#include <optional>
#include <string_view>

#include <spdlog/common.h>

namespace runtime::obs {

std::optional<spdlog::level::level_enum> app_line_level(std::string_view line);

// app_line_level, else info.
spdlog::level::level_enum relayed_line_level(std::string_view line);

}  // namespace runtime::obs
