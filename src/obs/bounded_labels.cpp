#include "runtime/obs/bounded_labels.hpp"

namespace runtime::obs {

std::string BoundedLabels::label_for(std::optional<std::string_view> value) {
    if (!value || value->empty()) return std::string(none);
    if (value->size() > max_value_length) return std::string(other);
    if (seen_.find(*value) != seen_.end()) return std::string(*value);
    if (seen_.size() >= limit_) return std::string(other);
    return *seen_.emplace(*value).first;
}

}  // namespace runtime::obs
