#pragma once
// Metric handles by label value, resolved once. prometheus-cpp's Family::Add builds a metric
// object and takes the family's mutex on every call, even for an existing label set; the
// per-request paths look their handle up here instead (one map lookup, no allocation).
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace runtime::obs {

template <typename Metric>
class MetricHandles {
public:
    // The handle for `key`; `add()` (returning Metric&) runs only the first time.
    template <typename Add>
    Metric& get(std::string_view key, Add&& add) {
        auto found = handles_.find(key);
        if (found == handles_.end()) found = handles_.emplace(std::string(key), &std::forward<Add>(add)()).first;
        return *found->second;
    }

    Metric* find(std::string_view key) const {
        const auto found = handles_.find(key);
        return found == handles_.end() ? nullptr : found->second;
    }

    void forget(std::string_view key) {
        const auto found = handles_.find(key);
        if (found != handles_.end()) handles_.erase(found);
    }

private:
    std::map<std::string, Metric*, std::less<>> handles_;
};

}  // namespace runtime::obs
