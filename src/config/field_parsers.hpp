#pragma once
// Parsers for individual settings, with their allowed ranges. The YAML schema, the environment
// table and the command-line table all use these, so a key accepts the same values everywhere.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "runtime/config/values.hpp"

namespace runtime::config::fields {

inline constexpr std::uint64_t max_workers = 1024;
inline constexpr std::uint64_t max_count = 1'000'000;

template <typename Integer>
Result<Integer> integer_in(std::string_view text, std::uint64_t min, std::uint64_t max) {
    auto value = parse_integer(text, min, max);
    if (!value) return value.error();
    return static_cast<Integer>(*value);
}

template <typename Integer>
Result<Integer> size_in(std::string_view text, std::uint64_t min, std::uint64_t max) {
    auto value = parse_size(text);
    if (!value) return value.error();
    if (*value < min || *value > max)
        return Error{"expected a size between " + format_size(min) + " and " + format_size(max) + ", got '" +
                     std::string(text) + "'"};
    return static_cast<Integer>(*value);
}

inline Result<unsigned> workers(std::string_view text) { return integer_in<unsigned>(text, 0, max_workers); }
inline Result<std::uint64_t> request_count(std::string_view text) {
    return integer_in<std::uint64_t>(text, 0, std::numeric_limits<std::uint64_t>::max());
}
inline Result<std::uint32_t> small_count(std::string_view text) {
    return integer_in<std::uint32_t>(text, 0, max_count);
}
// At least one stream; beyond a few thousand a connection's buffers (a window each) are no longer small.
inline Result<std::uint32_t> http2_streams(std::string_view text) { return integer_in<std::uint32_t>(text, 1, 10000); }
inline Result<std::size_t> positive_count(std::string_view text) {
    return integer_in<std::size_t>(text, 1, max_count);
}
inline Result<std::uint64_t> byte_size(std::string_view text) { return parse_size(text); }
inline Result<std::size_t> request_line_size(std::string_view text) {
    return size_in<std::size_t>(text, 256, 1ull << 20);
}
inline Result<std::size_t> header_size(std::string_view text) {
    return size_in<std::size_t>(text, 1ull << 10, 16ull << 20);
}
inline Result<std::size_t> header_count(std::string_view text) { return integer_in<std::size_t>(text, 1, 10'000); }

// Timeouts that must stay positive: a zero header or body timeout would cut every request.
inline Result<seconds> positive_seconds(std::string_view text) {
    auto value = parse_whole_seconds(text);
    if (!value) return value.error();
    if (value->count() == 0) return Error{"expected a duration of at least 1s, got '" + std::string(text) + "'"};
    return *value;
}

inline Result<std::string> text(std::string_view value) { return std::string(value); }

inline Result<std::string> non_empty_text(std::string_view value) {
    if (value.empty()) return Error{"expected a non-empty string, got ''"};
    return std::string(value);
}

inline Result<ListenAddress> tcp_address(std::string_view value) {
    return parse_listen_address(value, AllowUnix::no);
}
// A TCP listener that "off" (or an empty value) disables.
inline Result<ListenAddress> tcp_address_or_off(std::string_view value) {
    if (value == "off" || value.empty()) return ListenAddress{};
    return tcp_address(value);
}
inline Result<ListenAddress> tcp_or_unix_address(std::string_view value) {
    return parse_listen_address(value, AllowUnix::yes);
}

// Octal permission bits of a unix socket such as "0660".
inline Result<std::string> socket_mode(std::string_view value) {
    const bool octal = (value.size() == 3 || value.size() == 4) &&
                       value.find_first_not_of("01234567") == std::string_view::npos;
    if (!octal) return Error{"expected octal permissions such as 0660, got '" + std::string(value) + "'"};
    return std::string(value);
}

// "user" or "user:group".
inline Result<std::string> socket_owner(std::string_view value) {
    const auto colon = value.find(':');
    const bool valid = colon == std::string_view::npos
                           ? !value.empty()
                           : colon > 0 && colon + 1 < value.size() && value.find(':', colon + 1) == std::string_view::npos;
    if (!valid) return Error{"expected USER or USER:GROUP, got '" + std::string(value) + "'"};
    return std::string(value);
}

// Pool names appear in metric labels, process titles and log lines.
inline Result<std::string> pool_name(std::string_view value) {
    const bool valid = !value.empty() && value.size() <= 64 &&
                       value.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
                           std::string_view::npos;
    if (!valid) return Error{"expected a name of 1 to 64 letters, digits, '_', '.' or '-', got '" + std::string(value) + "'"};
    return std::string(value);
}

inline Result<std::string> path_prefix(std::string_view value) {
    if (!value.starts_with('/')) return Error{"expected a path starting with '/', got '" + std::string(value) + "'"};
    return std::string(value);
}

// pools[].watch.paths: a directory ("src/", watched with its subdirectories) or a file glob
// ("public/index.php", ".env*"), relative to the watch root.
inline Result<std::string> watch_pattern(std::string_view value) {
    if (value.empty() || value.front() == '/' || value == "../" || value.starts_with("../") ||
        value.find("/../") != std::string_view::npos)
        return Error{"expected a path relative to the watch root such as src/ or .env*, got '" + std::string(value) +
                     "'"};
    return std::string(value);
}

// Access log destination: "" or "off" (disabled), "stderr", "stdout" or a file path.
inline Result<std::string> access_log(std::string_view value) {
    if (value == "off") return std::string();
    return std::string(value);
}

}  // namespace runtime::config::fields
