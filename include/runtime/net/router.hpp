#pragma once
// Picks the pool for a request: matching host (or any), then the longest path prefix.
#include <memory>
#include <string_view>
#include <vector>

#include "runtime/pool/pool.hpp"

namespace runtime::net {

class Router {
public:
    void add(pool::Pool& pool) { pools_.push_back(&pool); }
    pool::Pool* route(std::string_view host, std::string_view path) const;
    const std::vector<pool::Pool*>& pools() const { return pools_; }

private:
    std::vector<pool::Pool*> pools_;
};

}  // namespace runtime::net
