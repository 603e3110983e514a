#include "runtime/obs/request_notes.hpp"

#include "runtime/obs/log.hpp"

namespace runtime::obs {

void record_request_notes(Metrics& metrics, std::string_view pool, const RequestAnnotations& annotations, pid_t pid,
                          std::string_view uri) {
    for (const StateLeak& leak : annotations.state_leaks) {
        metrics.state_leak(leak.kind);
        log(spdlog::level::warn, "state leak: {} {} (worker pid={}, uri={})", leak.kind, leak.name, pid, uri);
    }
    for (const std::string& kind : annotations.state_restored) metrics.state_restored(kind);
    // The worker already logged the backtrace (slow log); here it is only counted.
    if (annotations.slow_ms) metrics.slow_request(pool);
}

}  // namespace runtime::obs
