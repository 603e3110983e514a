#pragma once
// Remembers, for a short time, request paths that named no static file, so a PHP route does
// not cost an open() on the event loop at every request (nginx's open_file_cache_errors does
// the same). A file created under the root is served at most `validity` after its first miss.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace runtime::net {

class StaticMissCache {
public:
    using Clock = std::chrono::steady_clock;

    explicit StaticMissCache(Clock::duration validity = std::chrono::seconds(1), std::size_t capacity = 4096)
        : validity_(validity), capacity_(capacity) {}

    // True when `path` was found missing less than `validity` ago.
    bool recently_missing(std::string_view path, Clock::time_point now) const {
        const auto it = misses_.find(std::string(path));
        return it != misses_.end() && now - it->second < validity_;
    }

    void remember_missing(std::string_view path, Clock::time_point now) {
        // Bounded: a scan of random paths cannot grow it; forgetting everything is always safe.
        if (misses_.size() >= capacity_) misses_.clear();
        misses_.insert_or_assign(std::string(path), now);
    }

    std::size_t size() const { return misses_.size(); }

private:
    Clock::duration validity_;
    std::size_t capacity_;
    std::unordered_map<std::string, Clock::time_point> misses_;
};

}  // namespace runtime::net
