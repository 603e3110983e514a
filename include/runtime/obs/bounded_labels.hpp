#pragma once
// Keeps a Prometheus label's cardinality bounded: the first `limit` distinct values are
// kept as they are, later new ones collapse into "other". Pure, no Prometheus types.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace runtime::obs {

class BoundedLabels {
public:
    static constexpr std::string_view other = "other";
    static constexpr std::string_view none = "none";
    static constexpr std::size_t max_value_length = 128;  // longer values are not names: "other"

    explicit BoundedLabels(std::size_t limit) : limit_(limit) {}

    // The label value for `value`; "none" when there is no value at all.
    std::string label_for(std::optional<std::string_view> value);
    std::size_t distinct() const { return seen_.size(); }

private:
    std::size_t limit_;
    std::set<std::string, std::less<>> seen_;
};

}  // namespace runtime::obs
