#include "runtime/http/static_conditions.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include "header_text.hpp"

namespace runtime::http {
namespace {

std::optional<int> month_index(const char* name) {
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (std::strcmp(kMonths[i], name) == 0) return static_cast<int>(i);
    }
    return std::nullopt;
}

std::optional<std::time_t> to_time(int year, const char* month, int day, int hour, int minute, int second) {
    const auto mon = month_index(month);
    if (!mon || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = *mon;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return timegm(&tm);
}

// Calls `visit(tag, weak)` for each entity-tag of a list; "*" is reported as the tag "*".
template <typename Visit>
bool any_tag(std::string_view list, Visit visit) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        std::string_view item = text::trim_ows(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (item.empty()) continue;
        const bool weak = item.size() > 2 && item.substr(0, 2) == "W/";
        if (weak) item.remove_prefix(2);
        if (visit(item, weak)) return true;
    }
    return false;
}

// Strong comparison (If-Match): both tags strong and equal.
bool strong_match(std::string_view list, std::string_view etag) {
    return any_tag(list, [&](std::string_view tag, bool weak) { return tag == "*" || (!weak && tag == etag); });
}

// Weak comparison (If-None-Match): the opaque tags are equal, W/ or not.
bool weak_match(std::string_view list, std::string_view etag) {
    return any_tag(list, [&](std::string_view tag, bool) { return tag == "*" || tag == etag; });
}

}  // namespace

std::string make_etag(std::uint64_t size, std::time_t mtime) {
    std::array<char, 48> buffer{};
    const int length = std::snprintf(buffer.data(), buffer.size(), "\"%llx-%llx\"",
                                     static_cast<unsigned long long>(mtime), static_cast<unsigned long long>(size));
    return std::string(buffer.data(), length > 0 ? static_cast<std::size_t>(length) : 0);
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
    const std::string value(text::trim_ows(text));
    char weekday[16] = {};
    char month[4] = {};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, end = 0;
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    if (std::sscanf(value.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", weekday, &day, month, &year,
                    &hour, &minute, &second, &end) == 7 &&
        static_cast<std::size_t>(end) == value.size()) {
        return to_time(year, month, day, hour, minute, second);
    }
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit years: 70..99 -> 19xx)
    end = 0;
    if (std::sscanf(value.c_str(), "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", weekday, &day, month, &year,
                    &hour, &minute, &second, &end) == 7 &&
        static_cast<std::size_t>(end) == value.size()) {
        return to_time(year + (year < 70 ? 2000 : 1900), month, day, hour, minute, second);
    }
    // asctime: Sun Nov  6 08:49:37 1994
    end = 0;
    if (std::sscanf(value.c_str(), "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", weekday, month, &day, &hour,
                    &minute, &second, &year, &end) == 7 &&
        static_cast<std::size_t>(end) == value.size()) {
        return to_time(year, month, day, hour, minute, second);
    }
    return std::nullopt;
}

Precondition evaluate_preconditions(const ConditionalHeaders& request, const Validators& current) {
    if (request.if_match) {
        if (!strong_match(*request.if_match, current.etag)) return Precondition::failed;
    } else if (request.if_unmodified_since) {
        const auto since = parse_http_date(*request.if_unmodified_since);
        if (since && current.last_modified > *since) return Precondition::failed;
    }
    if (request.if_none_match) {
        return weak_match(*request.if_none_match, current.etag) ? Precondition::not_modified : Precondition::proceed;
    }
    if (request.if_modified_since) {
        const auto since = parse_http_date(*request.if_modified_since);
        if (since && current.last_modified <= *since) return Precondition::not_modified;
    }
    return Precondition::proceed;
}

bool if_range_allows(std::optional<std::string_view> if_range, const Validators& current) {
    if (!if_range) return true;
    const std::string_view value = text::trim_ows(*if_range);
    if (!value.empty() && (value.front() == '"' || value.substr(0, 2) == "W/")) return value == current.etag;
    const auto date = parse_http_date(value);
    return date && *date == current.last_modified;
}

}  // namespace runtime::http
