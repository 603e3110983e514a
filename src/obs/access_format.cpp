// Access log lines. Pure formatting, no I/O.
#include <ctime>

#include <fmt/format.h>

#include "runtime/obs/access_log.hpp"
#include "text_format.hpp"

namespace runtime::obs {
namespace {

// Like nginx's log escaping: quotes, backslashes and non-printable bytes become \xHH, so a
// client cannot forge fields or lines.
std::string escape_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || byte < 0x20 || byte >= 0x7f) {
            out += fmt::format("\\x{:02X}", byte);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string or_dash(std::string_view text) { return text.empty() ? "-" : escape_field(text); }

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    return fmt::format("{}.{:03}Z", std::string_view(buffer, n), millis);
}

}  // namespace

std::string format_access_combined(const AccessRecord& r) {
    const std::string request =
        r.method.empty() ? "-" : fmt::format("{} {} HTTP/{}.{}", r.method, r.target, r.version_major, r.version_minor);
    return fmt::format(R"({} - - [{}] "{}" {} {} "{}" "{}" rt={:.3f} pid={})", or_dash(r.remote_addr),
                       detail::common_log_time(std::chrono::system_clock::to_time_t(r.time)), escape_field(request),
                       r.status, r.bytes_sent, or_dash(r.referer), or_dash(r.user_agent), r.duration_seconds,
                       r.worker_pid > 0 ? std::to_string(r.worker_pid) : "-");
}

std::string format_access_json(const AccessRecord& r) {
    using detail::json_quoted;
    return fmt::format(
        R"({{"time":"{}","remote_addr":{},"method":{},"uri":{},"protocol":"HTTP/{}.{}","status":{},)"
        R"("bytes_sent":{},"referer":{},"user_agent":{},"duration_ms":{:.3f},"worker_pid":{},"pool":{}}})",
        iso8601_utc(r.time), json_quoted(r.remote_addr), json_quoted(r.method), json_quoted(r.target), r.version_major,
        r.version_minor, r.status, r.bytes_sent, json_quoted(r.referer), json_quoted(r.user_agent),
        r.duration_seconds * 1000, r.worker_pid > 0 ? std::to_string(r.worker_pid) : "null",
        r.pool.empty() ? "null" : json_quoted(r.pool));
}

}  // namespace runtime::obs
