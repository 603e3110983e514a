#include "runtime/config/values.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <utility>

namespace runtime::config {
namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Error expected(std::string_view what, std::string_view got) {
    return Error{"expected " + std::string(what) + ", got " + quoted(got)};
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Leading decimal digits of `text` as a number; nullopt when there are none or on overflow.
struct NumberPrefix {
    std::uint64_t value = 0;
    std::string_view rest;
};
std::optional<NumberPrefix> leading_number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end == text.data()) return std::nullopt;
    return NumberPrefix{value, text.substr(static_cast<std::size_t>(end - text.data()))};
}

std::optional<std::uint64_t> checked_multiply(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::nullopt;
    return a * b;
}

struct Unit {
    std::string_view suffix;
    std::uint64_t factor;
};

// Size suffixes, largest first so that format_size picks the shortest exact spelling.
constexpr std::array<Unit, 4> size_units{{
    {"T", 1ull << 40}, {"G", 1ull << 30}, {"M", 1ull << 20}, {"K", 1ull << 10}}};

// Duration units in milliseconds, largest first for format_duration.
constexpr std::array<Unit, 5> duration_units{{
    {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// Durations stay far below the range of std::chrono::milliseconds (signed 64-bit).
constexpr std::uint64_t max_duration_ms = 1ull << 52;

template <typename Enum, std::size_t N>
Result<Enum> parse_name(std::string_view text, const std::array<std::pair<std::string_view, Enum>, N>& names,
                        std::string_view what) {
    for (const auto& [name, value] : names)
        if (text == name) return value;
    return expected(what, text);
}

template <typename Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::pair<std::string_view, Enum>, N>& names) {
    for (const auto& [name, candidate] : names)
        if (candidate == value) return name;
    return "?";
}

constexpr std::array<std::pair<std::string_view, Mode>, 2> mode_names{
    {{"worker", Mode::worker}, {"classic", Mode::classic}}};
constexpr std::array<std::pair<std::string_view, Dispatch>, 2> dispatch_names{
    {{"proxied", Dispatch::proxied}, {"direct", Dispatch::direct}}};
constexpr std::array<std::pair<std::string_view, Driver>, 1> driver_names{{{"native", Driver::native}}};
constexpr std::array<std::pair<std::string_view, LogFormat>, 2> log_format_names{
    {{"text", LogFormat::text}, {"json", LogFormat::json}}};
constexpr std::array<std::pair<std::string_view, AccessLogFormat>, 2> access_format_names{
    {{"combined", AccessLogFormat::combined}, {"json", AccessLogFormat::json}}};

bool valid_host_name(std::string_view host) {
    for (char c : host)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
    return true;
}

bool valid_ipv6_literal(std::string_view host) {
    if (host.find(':') == std::string_view::npos) return false;
    for (char c : host)
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != '%') return false;
    return true;
}


}  // namespace

Result<std::uint64_t> parse_integer(std::string_view text, std::uint64_t min, std::uint64_t max) {
    const bool unbounded = min == 0 && max == std::numeric_limits<std::uint64_t>::max();
    const std::string what = unbounded ? std::string("a non-negative integer")
                                       : "an integer between " + std::to_string(min) + " and " + std::to_string(max);
    auto number = leading_number(text);
    if (!number || !number->rest.empty() || number->value < min || number->value > max) return expected(what, text);
    return number->value;
}

Result<std::uint64_t> parse_size(std::string_view text) {
    constexpr std::string_view what = "a size such as 1048576, 512K, 256M or 1G";
    auto number = leading_number(text);
    if (!number) return expected(what, text);
    std::string suffix = lowercase(number->rest);
    if (suffix.empty() || suffix == "b") return number->value;
    for (const Unit& unit : size_units) {
        const std::string letter = lowercase(unit.suffix);
        if (suffix == letter || suffix == letter + "b" || suffix == letter + "ib") {
            if (auto bytes = checked_multiply(number->value, unit.factor)) return *bytes;
            return Error{"size " + quoted(text) + " is too large"};
        }
    }
    return expected(what, text);
}

Result<milliseconds> parse_duration(std::string_view text) {
    constexpr std::string_view what = "a duration such as 500ms, 30s, 5m or 1h";
    auto number = leading_number(text);
    if (!number) return expected(what, text);
    std::uint64_t factor = 0;
    if (number->rest.empty()) factor = 1'000;
    for (const Unit& unit : duration_units)
        if (number->rest == unit.suffix) factor = unit.factor;
    if (factor == 0) return expected(what, text);
    auto ms = checked_multiply(number->value, factor);
    if (!ms || *ms > max_duration_ms) return Error{"duration " + quoted(text) + " is too large"};
    return milliseconds(static_cast<milliseconds::rep>(*ms));
}

Result<seconds> parse_whole_seconds(std::string_view text) {
    auto duration = parse_duration(text);
    if (!duration) return duration.error();
    if (duration->count() % 1'000 != 0) return expected("a whole number of seconds such as 30s or 5m", text);
    return std::chrono::duration_cast<seconds>(*duration);
}

Result<bool> parse_bool(std::string_view text) {
    const std::string lower = lowercase(text);
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
    if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
    return expected("a boolean (true or false)", text);
}

Result<Mode> parse_mode(std::string_view text) { return parse_name(text, mode_names, "worker or classic"); }
Result<Dispatch> parse_dispatch(std::string_view text) { return parse_name(text, dispatch_names, "proxied or direct"); }
Result<Driver> parse_driver(std::string_view text) { return parse_name(text, driver_names, "native"); }
Result<LogFormat> parse_log_format(std::string_view text) {
    return parse_name(text, log_format_names, "text or json");
}
Result<AccessLogFormat> parse_access_log_format(std::string_view text) {
    return parse_name(text, access_format_names, "combined or json");
}

Result<std::string> parse_log_level(std::string_view text) {
    static constexpr std::array<std::string_view, 7> levels{"trace", "debug", "info", "warn",
                                                           "error", "critical", "off"};
    const std::string lower = lowercase(text);
    if (lower == "warning") return std::string("warn");
    for (std::string_view level : levels)
        if (lower == level) return std::string(level);
    return expected("one of trace, debug, info, warn, error, critical, off", text);
}

Result<ListenAddress> parse_listen_address(std::string_view text, AllowUnix allow_unix) {
    const std::string_view what = allow_unix == AllowUnix::yes ? "HOST:PORT or unix:PATH" : "HOST:PORT";
    constexpr std::string_view unix_prefix = "unix:";
    if (text.starts_with(unix_prefix)) {
        if (allow_unix == AllowUnix::no) return expected("HOST:PORT (unix sockets are not supported here)", text);
        std::string_view path = text.substr(unix_prefix.size());
        if (path.empty()) return expected(what, text);
        if (path.size() > max_unix_socket_path)
            return Error{"unix socket path " + quoted(path) + " is longer than " + std::to_string(max_unix_socket_path) +
                         " bytes"};
        return ListenAddress{.host = {}, .port = 0, .unix_path = std::string(path)};
    }
    std::string_view host;
    std::string_view port_text;
    if (text.starts_with('[')) {
        const auto close = text.find("]:");
        if (close == std::string_view::npos) return expected(what, text);
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
        if (!valid_ipv6_literal(host)) return expected(what, text);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return expected(what, text);
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            return expected(std::string(what) + " with IPv6 hosts in brackets such as [::1]:8080", text);
        if (!valid_host_name(host)) return expected(what, text);
        if (host.empty()) host = "0.0.0.0";
    }
    auto port = parse_integer(port_text, 1, 65535);
    if (!port) return expected(std::string(what) + " with a port between 1 and 65535", text);
    return ListenAddress{.host = std::string(host), .port = static_cast<std::uint16_t>(*port), .unix_path = {}};
}

std::string ListenAddress::to_string() const {
    if (is_off()) return "off";
    if (is_unix()) return "unix:" + unix_path;
    const std::string port_text = std::to_string(port);
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + port_text;
    return host + ":" + port_text;
}

std::string format_size(std::uint64_t bytes) {
    if (bytes == 0) return "0";
    for (const Unit& unit : size_units)
        if (bytes % unit.factor == 0) return std::to_string(bytes / unit.factor) + std::string(unit.suffix);
    return std::to_string(bytes);
}

std::string format_duration(milliseconds duration) {
    const auto ms = static_cast<std::uint64_t>(duration.count());
    if (ms == 0) return "0s";
    for (const Unit& unit : duration_units)
        if (ms % unit.factor == 0) return std::to_string(ms / unit.factor) + std::string(unit.suffix);
    return std::to_string(ms) + "ms";
}

std::string_view to_string(Mode mode) { return name_of(mode, mode_names); }
std::string_view to_string(Dispatch dispatch) { return name_of(dispatch, dispatch_names); }
std::string_view to_string(Driver driver) { return name_of(driver, driver_names); }
std::string_view to_string(LogFormat format) { return name_of(format, log_format_names); }
std::string_view to_string(AccessLogFormat format) { return name_of(format, access_format_names); }

}  // namespace runtime::config
