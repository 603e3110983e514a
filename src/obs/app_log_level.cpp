#include "runtime/obs/app_log_level.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace runtime::obs {
namespace {

using spdlog::level::level_enum;

// PSR-3 / Monolog level names; spdlog has no notice/alert/emergency, so they fold into neighbours.
std::optional<level_enum> psr_level(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::array<std::pair<std::string_view, level_enum>, 8> names{{
        {"debug", level_enum::debug},
        {"info", level_enum::info},
        {"notice", level_enum::info},
        {"warning", level_enum::warn},
        {"error", level_enum::err},
        {"critical", level_enum::critical},
        {"alert", level_enum::critical},
        {"emergency", level_enum::critical},
    }};
    for (const auto& [known, level] : names) {
        if (lower == known) return level;
    }
    return std::nullopt;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// "[04-Dec-2026 10:00:00 UTC] " as PHP's error_log puts before its messages.
std::string_view without_bracketed_time(std::string_view line) {
    if (!starts_with(line, "[")) return line;
    const size_t close = line.find("] ");
    return close == std::string_view::npos ? line : line.substr(close + 2);
}

std::optional<level_enum> php_error_level(std::string_view line) {
    static constexpr std::array<std::pair<std::string_view, level_enum>, 8> prefixes{{
        {"PHP Fatal error:", level_enum::critical},
        {"PHP Parse error:", level_enum::critical},
        {"PHP Recoverable fatal error:", level_enum::err},
        {"PHP Warning:", level_enum::warn},
        {"PHP Notice:", level_enum::warn},
        {"PHP Deprecated:", level_enum::info},
        {"PHP Strict Standards:", level_enum::info},
        {"PHP Stack trace:", level_enum::err},
    }};
    for (const auto& [prefix, level] : prefixes) {
        if (starts_with(line, prefix)) return level;
    }
    return std::nullopt;
}

// Monolog LineFormatter: "[2024-01-01T10:00:00.123456+00:00] app.CRITICAL: message {...} []".
std::optional<level_enum> monolog_line_level(std::string_view line) {
    if (!starts_with(line, "[")) return std::nullopt;
    const size_t close = line.find("] ");
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = line.substr(close + 2);
    const size_t colon = rest.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view channel_level = rest.substr(0, colon);
    const size_t dot = channel_level.rfind('.');
    if (dot == std::string_view::npos || channel_level.find(' ') != std::string_view::npos) return std::nullopt;
    return psr_level(channel_level.substr(dot + 1));
}

// Symfony's own logger (no Monolog) and console-style lines: "2024-01-01T10:00:00+00:00 [critical] ..."
// or "[critical] ...".
std::optional<level_enum> bracketed_level(std::string_view line) {
    size_t open = 0;
    if (!starts_with(line, "[")) {
        const size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || !std::isdigit(static_cast<unsigned char>(line[0])))
            return std::nullopt;
        open = space + 1;
    }
    if (open >= line.size() || line[open] != '[') return std::nullopt;
    const size_t close = line.find("] ", open);
    if (close == std::string_view::npos) return std::nullopt;
    return psr_level(line.substr(open + 1, close - open - 1));
}

// Monolog JsonFormatter: {"message":"...","level":500,"level_name":"CRITICAL",...}
std::optional<level_enum> monolog_json_level(std::string_view line) {
    if (!starts_with(line, "{")) return std::nullopt;
    constexpr std::string_view key = "\"level_name\":\"";
    const size_t at = line.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    const size_t start = at + key.size();
    const size_t end = line.find('"', start);
    if (end == std::string_view::npos) return std::nullopt;
    return psr_level(line.substr(start, end - start));
}

}  // namespace

std::optional<level_enum> app_line_level(std::string_view line) {
    if (starts_with(line, "slow request (")) return level_enum::warn;
    if (auto level = php_error_level(without_bracketed_time(line))) return level;
    if (auto level = monolog_json_level(line)) return level;
    if (auto level = monolog_line_level(line)) return level;
    return bracketed_level(line);
}

level_enum relayed_line_level(std::string_view line) { return app_line_level(line).value_or(level_enum::info); }

}  // namespace runtime::obs
