#include "runtime/http/static_range.hpp"

#include <charconv>
#include <optional>

#include "header_text.hpp"

namespace runtime::http {
namespace {

std::optional<std::uint64_t> parse_position(std::string_view digits) {
    if (digits.empty() || !text::is_decimal(digits)) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

}  // namespace

RangeDecision evaluate_range(std::string_view header, std::uint64_t size) {
    RangeDecision full;
    header = text::trim_ows(header);
    constexpr std::string_view kUnit = "bytes=";
    if (header.size() < kUnit.size() || !text::iequals(header.substr(0, kUnit.size()), kUnit)) return full;
    const std::string_view spec = text::trim_ows(header.substr(kUnit.size()));
    // Several ranges would need multipart/byteranges; the whole file is a valid answer.
    if (spec.find(',') != std::string_view::npos) return full;
    const std::size_t dash = spec.find('-');
    if (dash == std::string_view::npos) return full;
    const std::string_view first_text = text::trim_ows(spec.substr(0, dash));
    const std::string_view last_text = text::trim_ows(spec.substr(dash + 1));

    RangeDecision decision;
    decision.kind = RangeDecision::partial;
    if (first_text.empty()) {
        // Suffix range: the last N bytes.
        const auto suffix = parse_position(last_text);
        if (!suffix) return full;
        if (*suffix == 0 || size == 0) return RangeDecision{RangeDecision::unsatisfiable, {}};
        const std::uint64_t length = *suffix < size ? *suffix : size;
        decision.range = ByteRange{size - length, length};
        return decision;
    }
    const auto first = parse_position(first_text);
    if (!first) return full;
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
        const auto parsed = parse_position(last_text);
        if (!parsed || *parsed < *first) return full;  // syntactically invalid: ignored
        if (*parsed < last) last = *parsed;
    }
    if (*first >= size) return RangeDecision{RangeDecision::unsatisfiable, {}};
    decision.range = ByteRange{*first, last - *first + 1};
    return decision;
}

}  // namespace runtime::http
