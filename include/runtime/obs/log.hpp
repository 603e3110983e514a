#pragma once
// Server logging on spdlog: text or JSON lines, one logger for the whole master.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::obs {

// Installs the default logger ("runtime") as configured. JSON lines carry time, level, msg.
Result<bool> setup_logging(const config::LogSettings& settings);

// Escapes a string for inclusion in a JSON string literal.
std::string json_escape(std::string_view text);

// The text as it may stand in a log line (escaped when logs are JSON lines).
std::string log_safe(std::string_view text);

// Formatting front end used across the master: log(level, "worker {} ready", pid).
template <typename... Args>
void log(spdlog::level::level_enum level, fmt::format_string<Args...> format, Args&&... args) {
    auto logger = spdlog::default_logger_raw();
    if (!logger->should_log(level)) return;
    logger->log(level, "{}", log_safe(fmt::format(format, std::forward<Args>(args)...)));
}

}  // namespace runtime::obs
