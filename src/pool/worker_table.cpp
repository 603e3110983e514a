#include "runtime/pool/worker_table.hpp"

namespace runtime::pool {

bool WorkerTable::legal(WorkerState from, WorkerState to) noexcept {
    switch (to) {
        case WorkerState::starting: return false;  // only a new worker starts
        case WorkerState::idle: return from == WorkerState::starting || from == WorkerState::busy;
        case WorkerState::busy: return from == WorkerState::idle;
        case WorkerState::retiring: return true;
    }
    return false;
}

void WorkerTable::add(std::shared_ptr<Worker> worker) {
    worker->state_ = WorkerState::starting;
    ++counts_[index(WorkerState::starting)];
    const std::uint64_t id = worker->id;
    workers_.insert_or_assign(id, std::move(worker));
}

bool WorkerTable::set_state(Worker& worker, WorkerState next) {
    if (!contains(worker)) return false;
    if (worker.state_ == next && next == WorkerState::retiring) return true;
    if (!legal(worker.state_, next)) return false;
    --counts_[index(worker.state_)];
    ++counts_[index(next)];
    worker.state_ = next;
    return true;
}

void WorkerTable::remove(const Worker& worker) {
    if (!contains(worker)) return;
    --counts_[index(worker.state_)];
    workers_.erase(worker.id);
}

bool WorkerTable::contains(const Worker& worker) const {
    const auto it = workers_.find(worker.id);
    return it != workers_.end() && it->second.get() == &worker;
}

std::shared_ptr<Worker> WorkerTable::find(std::uint64_t id) const {
    const auto it = workers_.find(id);
    return it == workers_.end() ? nullptr : it->second;
}

std::shared_ptr<Worker> WorkerTable::find_pid(pid_t pid) const {
    if (pid <= 0) return nullptr;
    for (const auto& [id, w] : workers_) {
        if (w->pid == pid) return w;
    }
    return nullptr;
}

}  // namespace runtime::pool
