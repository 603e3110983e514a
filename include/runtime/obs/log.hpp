#pragma once
// Server logging on spdlog: text or JSON lines, one logger for the whole master.
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::obs {

// Installs the default logger ("runtime") as configured. JSON lines carry time, level, pid, msg and the
// fields a message was logged with.
Result<bool> setup_logging(const config::LogSettings& settings);

// Escapes a string for inclusion in a JSON string literal.
std::string json_escape(std::string_view text);


// A field operators filter on (pool, worker_pid, request_id, uri): a member of the object in
// JSON lines; text lines already name it in the message.
struct LogField {
    std::string_view name;
    std::string value;
    bool number = false;  // written unquoted in JSON
};

// What the logger's pattern wraps: the message as is (text), or `"msg"` then `,"name":value`
// per field (JSON).
std::string log_payload(std::string_view message, std::span<const LogField> fields, bool json);
std::string log_payload(std::string_view message, std::span<const LogField> fields);  // as configured

// Formatting front end used across the master: log(level, "worker {} ready", pid).
template <typename... Args>
void log(spdlog::level::level_enum level, fmt::format_string<Args...> format, Args&&... args) {
    auto logger = spdlog::default_logger_raw();
    if (!logger->should_log(level)) return;
    logger->log(level, "{}", log_payload(fmt::format(format, std::forward<Args>(args)...), {}));
}

// The same with fields: log_with(level, {{"pool", name}}, "...", ...).
template <typename... Args>
void log_with(spdlog::level::level_enum level, std::span<const LogField> fields, fmt::format_string<Args...> format,
              Args&&... args) {
    auto logger = spdlog::default_logger_raw();
    if (!logger->should_log(level)) return;
    logger->log(level, "{}", log_payload(fmt::format(format, std::forward<Args>(args)...), fields));
}

}  // namespace runtime::obs
