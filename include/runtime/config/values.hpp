#pragma once
// Text <-> value conversions shared by the YAML file, the environment and the command line,
// so that "256M", "30s" or "127.0.0.1:8080" mean the same thing everywhere.
// Parsers return an Error whose message says what was expected and what was given
// ("expected a non-negative integer, got 'abc'"); callers prefix it with the location.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::config {

// Decimal integer in [min, max].
Result<std::uint64_t> parse_integer(std::string_view text, std::uint64_t min, std::uint64_t max);

// Byte size: plain bytes ("1048576") or a number with a binary suffix K, M, G or T,
// optionally followed by "B" or "iB" ("512K", "256M", "1GiB"). Case-insensitive.
Result<std::uint64_t> parse_size(std::string_view text);

// Duration: plain seconds ("30") or a number with a unit ms, s, m, h or d ("500ms", "5m").
Result<milliseconds> parse_duration(std::string_view text);

// A duration that must be a whole number of seconds ("30s", "5m", "2"; not "1500ms").
Result<seconds> parse_whole_seconds(std::string_view text);

// true/false, yes/no, on/off, 1/0 (case-insensitive).
Result<bool> parse_bool(std::string_view text);

Result<Mode> parse_mode(std::string_view text);
Result<Dispatch> parse_dispatch(std::string_view text);
Result<Driver> parse_driver(std::string_view text);
Result<LogFormat> parse_log_format(std::string_view text);
Result<AccessLogFormat> parse_access_log_format(std::string_view text);

// spdlog level name: trace, debug, info, warn (or warning), error, critical, off.
// Returns the canonical spelling.
Result<std::string> parse_log_level(std::string_view text);

enum class AllowUnix { no, yes };

// Longest unix socket path: sockaddr_un::sun_path holds 108 bytes including the terminating NUL.
inline constexpr std::size_t max_unix_socket_path = 107;

// "HOST:PORT", "[IPv6]:PORT", ":PORT" (all interfaces, 0.0.0.0) and, when allowed, "unix:/PATH".
Result<ListenAddress> parse_listen_address(std::string_view text, AllowUnix allow_unix);

// Inverse conversions, used to print the effective configuration. Each output parses back
// to the same value.
std::string format_size(std::uint64_t bytes);           // "256M" when exact, else bytes
std::string format_duration(milliseconds duration);     // "5m", "30s", "500ms"
std::string_view to_string(Mode mode);
std::string_view to_string(Dispatch dispatch);
std::string_view to_string(Driver driver);
std::string_view to_string(LogFormat format);
std::string_view to_string(AccessLogFormat format);

}  // namespace runtime::config
