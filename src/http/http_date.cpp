#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <string>

#include "runtime/http/response_head.hpp"

namespace runtime::http {

// Formatted by hand: strftime's %a/%b follow the C locale, and the wire format must not.
std::string http_date(std::time_t time) {
    static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm utc{};
    if (gmtime_r(&time, &utc) == nullptr) {
        utc = std::tm{};
        utc.tm_mday = 1;
        utc.tm_year = 70;
        utc.tm_wday = 4;  // 1970-01-01 was a Thursday
    }
    std::array<char, 32> buffer{};
    const int length = std::snprintf(buffer.data(), buffer.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                     kDays.at(static_cast<std::size_t>(utc.tm_wday)), utc.tm_mday,
                                     kMonths.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900,
                                     utc.tm_hour, utc.tm_min, utc.tm_sec);
    const std::size_t written = length > 0 ? static_cast<std::size_t>(length) : 0;
    return std::string(buffer.data(), std::min(written, buffer.size() - 1));
}

}  // namespace runtime::http
