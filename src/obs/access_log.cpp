#include "runtime/obs/access_log.hpp"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace runtime::obs {
namespace {

// Lines waiting for the writer thread; beyond this the oldest are dropped (never block).
constexpr std::size_t queue_capacity = 8192;

Result<spdlog::sink_ptr> make_sink(const std::string& destination) {
    if (destination == "stdout") return spdlog::sink_ptr(std::make_shared<spdlog::sinks::stdout_sink_mt>());
    if (destination == "stderr") return spdlog::sink_ptr(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    try {
        return spdlog::sink_ptr(std::make_shared<spdlog::sinks::basic_file_sink_mt>(destination));
    } catch (const spdlog::spdlog_ex& e) {
        return Error{"log.access_log: " + std::string(e.what())};
    }
}

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::open(const config::LogSettings& settings) {
    if (settings.access_log.empty()) return std::unique_ptr<AccessLog>();
    auto sink = make_sink(settings.access_log);
    if (!sink) return sink.error();
    auto threads = std::make_shared<spdlog::details::thread_pool>(queue_capacity, 1);
    auto logger = std::make_shared<spdlog::async_logger>("access", std::move(sink.value()), threads,
                                                         spdlog::async_overflow_policy::overrun_oldest);
    logger->set_pattern("%v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);  // on the writer thread: lines are visible at once
    return std::unique_ptr<AccessLog>(new AccessLog(std::move(threads), std::move(logger), settings.access_format));
}

AccessLog::AccessLog(std::shared_ptr<spdlog::details::thread_pool> threads, std::shared_ptr<spdlog::logger> logger,
                     config::AccessLogFormat format)
    : threads_(std::move(threads)), logger_(std::move(logger)), format_(format) {}

AccessLog::~AccessLog() {
    logger_->flush();
    logger_.reset();
}

void AccessLog::write(const AccessRecord& record) {
    const std::string line = format_ == config::AccessLogFormat::json ? format_access_json(record)
                                                                      : format_access_combined(record);
    logger_->info("{}", line);
}

}  // namespace runtime::obs
