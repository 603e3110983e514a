#include "text_format.hpp"

#include "runtime/obs/log.hpp"

namespace runtime::obs::detail {

std::string common_log_time(std::time_t time) {
    std::tm local{};
    ::localtime_r(&time, &local);
    char buffer[64];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%d/%b/%Y:%H:%M:%S %z", &local);
    return std::string(buffer, n);
}

std::string json_quoted(std::string_view text) { return "\"" + json_escape(text) + "\""; }

}  // namespace runtime::obs::detail
