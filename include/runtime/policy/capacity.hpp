#pragma once
// How many workers to spawn so that the pool keeps its desired serving capacity.

namespace runtime::policy {

// Worker counts of one pool; each worker is in exactly one state.
struct PoolSnapshot {
    int booting = 0;   // spawned, not ready yet
    int ready = 0;     // idle, accepting requests
    int busy = 0;      // serving a request, will stay in the pool
    int draining = 0;  // retiring: finishing its last request or exiting
};

// Booting, ready and busy workers count as capacity; draining ones do not, so the
// replacement of a retiring worker is spawned while it finishes its last request.
// Never negative. During a rolling reload use ReloadPlan instead.
int workers_to_spawn(const PoolSnapshot& pool, int desired) noexcept;

}  // namespace runtime::policy
