#include "runtime/obs/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace runtime::obs {

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
    }
    return out;
}

namespace {
bool g_json = false;
}

std::string log_payload(std::string_view message, std::span<const LogField> fields, bool json) {
    if (!json) return std::string(message);
    std::string out = "\"" + json_escape(message) + "\"";
    for (const auto& field : fields) {
        out += ",\"" + json_escape(field.name) + "\":";
        out += field.number ? field.value : "\"" + json_escape(field.value) + "\"";
    }
    return out;
}

std::string log_payload(std::string_view message, std::span<const LogField> fields) {
    return log_payload(message, fields, g_json);
}

Result<bool> setup_logging(const config::LogSettings& settings) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        if (settings.file.empty()) {
            logger = std::make_shared<spdlog::logger>("runtime", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        } else {
            logger = std::make_shared<spdlog::logger>(
                "runtime", std::make_shared<spdlog::sinks::basic_file_sink_mt>(settings.file));
        }
    } catch (const spdlog::spdlog_ex& e) {
        return Error{std::string("log.file: ") + e.what()};
    }
    g_json = settings.format == config::LogFormat::json;
    if (g_json) {
        // log_payload() writes the quoted message and the fields: the line stays one JSON object.
        logger->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","pid":%P,"msg":%v})");
    } else {
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
    }
    logger->set_level(spdlog::level::from_str(settings.level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(logger);
    return true;
}

}  // namespace runtime::obs
