#include "exchange_observer.hpp"

#include "runtime/obs/log.hpp"
#include "runtime/obs/request_annotations.hpp"
#include "runtime/obs/request_notes.hpp"

namespace runtime::dispatch {
namespace {

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void observe_request_done(pool::Pool& pool, const pool::Worker& worker, const ipc::RequestDone& done,
                          std::chrono::steady_clock::duration elapsed, const std::string& uri) {
    const obs::RequestAnnotations annotations = obs::read_annotations(done.annotations);
    obs::Metrics& metrics = pool.metrics();
    std::optional<std::string_view> route;
    if (annotations.route) route = *annotations.route;
    metrics.route_request_duration(route, seconds(elapsed));
    obs::record_request_notes(metrics, pool.settings().name, annotations, worker.pid, uri);
}

void observe_request_lost(pool::Pool& pool, std::chrono::steady_clock::duration elapsed) {
    pool.metrics().route_request_duration(std::nullopt, seconds(elapsed));
}

}  // namespace runtime::dispatch
