#pragma once
// The workers of one pool by id, with the one function that changes a worker's state: it
// refuses steps the lifecycle does not have and keeps a count per state, so gauges and
// capacity are read without walking the table.
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>

#include "runtime/pool/worker.hpp"

namespace runtime::pool {

class WorkerTable {
public:
    using Map = std::map<std::uint64_t, std::shared_ptr<Worker>>;

    // The lifecycle: starting -> idle <-> busy, and any of them -> retiring, which is final.
    static bool legal(WorkerState from, WorkerState to) noexcept;

    // A new worker, in state starting.
    void add(std::shared_ptr<Worker> worker);
    // False, and the state unchanged, for a step the lifecycle does not have or a worker not
    // in the table. Retiring again is a no-op that succeeds.
    [[nodiscard]] bool set_state(Worker& worker, WorkerState next);
    // The worker is gone (reaped, or never forked).
    void remove(const Worker& worker);

    bool contains(const Worker& worker) const;
    std::shared_ptr<Worker> find(std::uint64_t id) const;
    std::shared_ptr<Worker> find_pid(pid_t pid) const;
    std::size_t count(WorkerState state) const { return counts_[index(state)]; }
    std::size_t size() const { return workers_.size(); }
    bool empty() const { return workers_.empty(); }
    Map::const_iterator begin() const { return workers_.begin(); }
    Map::const_iterator end() const { return workers_.end(); }

private:
    static std::size_t index(WorkerState state) { return static_cast<std::size_t>(state); }

    Map workers_;
    std::array<std::size_t, 4> counts_{};
};

}  // namespace runtime::pool
