#include "runtime/obs/request_annotations.hpp"

#include <algorithm>
#include <cstdint>

#include <charconv>
#include <string_view>

namespace runtime::obs {
namespace {

constexpr std::string_view route_key = "route";
constexpr std::string_view slow_key = "slow";
constexpr std::string_view leak_prefix = "state_leak.";
constexpr std::string_view restored_prefix = "state_restored.";
constexpr std::string_view retire_key = "retire";

std::optional<double> parse_ms(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

RequestAnnotations read_annotations(const std::vector<std::pair<std::string, std::string>>& pairs) {
    RequestAnnotations out;
    for (const auto& [key, value] : pairs) {
        const std::string_view k = key;
        if (k == route_key) {
            if (!value.empty()) out.route = value;
        } else if (k == slow_key) {
            // A malformed value still says the request was slow.
            out.slow_ms = parse_ms(value).value_or(0);
        } else if (k.starts_with(leak_prefix) && k.size() > leak_prefix.size()) {
            out.state_leaks.push_back({std::string(k.substr(leak_prefix.size())), value});
        } else if (k.starts_with(restored_prefix) && k.size() > restored_prefix.size()) {
            // The value counts the requests it stands for ("1" per request; a direct worker
            // sums several into one report).
            std::uint32_t times = 1;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), times);
            if (ec != std::errc() || end != value.data() + value.size() || times == 0) times = 1;
            out.state_restored.insert(out.state_restored.end(), std::min<std::uint32_t>(times, 100000),
                                      std::string(k.substr(restored_prefix.size())));
        } else if (k == retire_key && !value.empty()) {
            out.retire = value;
        }
    }
    return out;
}

}  // namespace runtime::obs
