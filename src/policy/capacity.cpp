#include "runtime/policy/capacity.hpp"

#include <algorithm>

namespace runtime::policy {

int workers_to_spawn(const PoolSnapshot& pool, int desired) noexcept {
    const int capacity = std::max(pool.booting, 0) + std::max(pool.ready, 0) + std::max(pool.busy, 0);
    return std::max(desired - capacity, 0);
}

}  // namespace runtime::policy
