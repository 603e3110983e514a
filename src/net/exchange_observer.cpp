#include "exchange_observer.hpp"

#include "runtime/obs/log.hpp"
#include "runtime/obs/request_annotations.hpp"

namespace runtime::net {
namespace {

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void observe_request_done(pool::Pool& pool, const pool::Worker& worker, const ipc::RequestDone& done,
                          std::chrono::steady_clock::duration elapsed) {
    const obs::RequestAnnotations annotations = obs::read_annotations(done.annotations);
    obs::Metrics& metrics = pool.metrics();
    std::optional<std::string_view> route;
    if (annotations.route) route = *annotations.route;
    metrics.route_request_duration(route, seconds(elapsed));
    for (const obs::StateLeak& leak : annotations.state_leaks) {
        metrics.state_leak(leak.kind);
        obs::log(spdlog::level::warn, "state leak: {} {} (worker pid={}, uri={})", leak.kind, leak.name, worker.pid,
                 worker.current_uri);
    }
    for (const std::string& kind : annotations.state_restored) metrics.state_restored(kind);
    // The worker already logged the backtrace (slow log); here it is only counted.
    if (annotations.slow_ms) metrics.slow_request(pool.settings().name);
}

void observe_request_lost(pool::Pool& pool, std::chrono::steady_clock::duration elapsed) {
    pool.metrics().route_request_duration(std::nullopt, seconds(elapsed));
}

}  // namespace runtime::net
