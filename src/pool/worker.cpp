#include "runtime/pool/worker.hpp"

namespace runtime::pool {

std::string_view to_string(WorkerState state) {
    switch (state) {
        case WorkerState::starting: return "starting";
        case WorkerState::idle: return "idle";
        case WorkerState::busy: return "busy";
        case WorkerState::retiring: return "retiring";
    }
    return "unknown";
}

std::vector<obs::LogField> log_fields_of(const std::string& pool, const Worker& w) {
    std::vector<obs::LogField> fields{{"pool", pool}, {"worker_pid", std::to_string(w.pid), true}};
    if (w.current_request_id != 0) {
        fields.push_back({"request_id", std::to_string(w.current_request_id), true});
        fields.push_back({"uri", w.current_uri});
    }
    return fields;
}

}  // namespace runtime::pool
