#include "runtime/obs/metrics.hpp"

#include <prometheus/text_serializer.h>

namespace runtime::obs {
namespace {

const prometheus::Histogram::BucketBoundaries& seconds_buckets() {
    static const prometheus::Histogram::BucketBoundaries buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                 0.25,  0.5,    1,     2.5,  5,     10,   30};
    return buckets;
}

}  // namespace

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
    auto& r = *registry_;
    restarts_ = &prometheus::BuildCounter()
                     .Name("runtime_worker_restart_total")
                     .Help("Workers retired and replaced, by reason")
                     .Register(r);
    requests_ = &prometheus::BuildCounter()
                     .Name("runtime_worker_request_total")
                     .Help("Requests served by workers")
                     .Register(r)
                     .Add({});
    requests_by_status_ = &prometheus::BuildCounter()
                               .Name("runtime_http_response_total")
                               .Help("Responses sent, by status class")
                               .Register(r);
    request_duration_ = &prometheus::BuildHistogram()
                             .Name("runtime_request_duration_seconds")
                             .Help("Time from request head to the end of the response, by status class")
                             .Register(r);
    recycle_duration_ =
        &prometheus::BuildHistogram()
             .Name("runtime_recycle_duration_ms")
             .Help("Time from a recycle decision to the replacement worker being ready")
             .Register(r)
             .Add({}, prometheus::Histogram::BucketBoundaries{5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000});
    boot_duration_ = &prometheus::BuildHistogram()
                          .Name("runtime_worker_boot_duration_seconds")
                          .Help("Worker start to kernel booted and warm")
                          .Register(r)
                          .Add({}, seconds_buckets());
    reset_duration_ = &prometheus::BuildHistogram()
                           .Name("runtime_services_reset_duration_seconds")
                           .Help("Duration of the per-request services reset")
                           .Register(r)
                           .Add({}, prometheus::Histogram::BucketBoundaries{0.00001, 0.00005, 0.0001, 0.0005, 0.001,
                                                                            0.005, 0.01, 0.05});
    queue_wait_ = &prometheus::BuildHistogram()
                       .Name("runtime_queue_wait_seconds")
                       .Help("Time requests waited for a free worker")
                       .Register(r)
                       .Add({}, seconds_buckets());
    queue_rejections_ = &prometheus::BuildCounter()
                             .Name("runtime_queue_rejected_total")
                             .Help("Requests answered 503 because no worker was free in time, by reason")
                             .Register(r);
    worker_memory_ = &prometheus::BuildGauge()
                          .Name("runtime_worker_mem_bytes")
                          .Help("Resident memory of each worker after its last request")
                          .Register(r);
    workers_ = &prometheus::BuildGauge().Name("runtime_workers").Help("Workers by state").Register(r);
    queue_depth_ = &prometheus::BuildGauge()
                        .Name("runtime_queue_depth")
                        .Help("Requests waiting for a worker, by pool")
                        .Register(r);
    pool_scales_ = &prometheus::BuildCounter()
                        .Name("runtime_pool_scale_total")
                        .Help("Elastic pool resizing, by pool, direction (up, down, refused) and reason")
                        .Register(r);
    target_workers_ = &prometheus::BuildGauge()
                           .Name("runtime_pool_target_workers")
                           .Help("Workers the pool aims for (between min_workers and max_workers), by pool")
                           .Register(r);
    connections_ = &prometheus::BuildGauge()
                        .Name("runtime_active_connections")
                        .Help("Open client connections")
                        .Register(r)
                        .Add({});
    route_duration_ = &prometheus::BuildHistogram()
                           .Name("runtime_route_request_duration_seconds")
                           .Help("Time from taking a worker request to its end, by Symfony route (bounded)")
                           .Register(r);
    state_leaks_ = &prometheus::BuildCounter()
                        .Name("runtime_state_leak_total")
                        .Help("State leaking between requests found by the state verifier, by kind")
                        .Register(r);
    state_restored_ = &prometheus::BuildCounter()
                           .Name("runtime_request_state_restored_total")
                           .Help("Process state a request changed that the worker's request boundary restored, by kind")
                           .Register(r);
    slow_requests_ = &prometheus::BuildCounter()
                          .Name("runtime_slow_requests_total")
                          .Help("Requests that ran longer than log.slow_request_threshold, by pool")
                          .Register(r);
    tls_handshakes_ = &prometheus::BuildCounter()
                           .Name("runtime_tls_handshakes_total")
                           .Help("TLS handshakes on the HTTPS listener, by ALPN protocol or failed")
                           .Register(r);
}

std::string Metrics::serialize() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

void Metrics::worker_restarted(std::string_view reason) {
    restarts_by_reason_
        .get(
            reason,
            [&]() -> auto& {
                return restarts_->Add({{"reason", std::string(reason)}});
            })
        .Increment();
}

void Metrics::requests_served(std::string_view status_class, std::uint64_t count) {
    requests_->Increment(static_cast<double>(count));
    status_counters_
        .get(
            status_class,
            [&]() -> auto& {
                return requests_by_status_->Add({{"status", std::string(status_class)}});
            })
        .Increment(static_cast<double>(count));
}

void Metrics::request_duration(std::string_view status_class, double seconds) {
    status_durations_
        .get(
            status_class,
            [&]() -> auto& {
                return request_duration_->Add({{"status", std::string(status_class)}}, seconds_buckets());
            })
        .Observe(seconds);
}

void Metrics::recycle_duration_ms(double ms) { recycle_duration_->Observe(ms); }
void Metrics::worker_boot_seconds(double seconds) { boot_duration_->Observe(seconds); }
void Metrics::reset_seconds(double seconds) { reset_duration_->Observe(seconds); }
void Metrics::queue_wait_seconds(double seconds) { queue_wait_->Observe(seconds); }
void Metrics::queue_rejected(std::string_view reason) {
    rejections_by_reason_
        .get(
            reason,
            [&]() -> auto& {
                return queue_rejections_->Add({{"reason", std::string(reason)}});
            })
        .Increment();
}

void Metrics::set_worker_memory(std::uint32_t pid, double bytes) {
    const std::string key = std::to_string(pid);
    memory_by_pid_
        .get(
            key,
            [&]() -> auto& {
                return worker_memory_->Add({{"pid", key}});
            })
        .Set(bytes);
}

void Metrics::remove_worker(std::uint32_t pid) {
    const std::string key = std::to_string(pid);
    prometheus::Gauge* gauge = memory_by_pid_.find(key);
    if (!gauge) return;
    memory_by_pid_.forget(key);
    worker_memory_->Remove(gauge);
}

Metrics::PoolGauges Metrics::pool_gauges(std::string_view pool) {
    const auto worker_gauge = [&](std::string_view state) {
        std::string key(pool);
        key.append(1, '\0').append(state);
        return &workers_by_pool_state_.get(
            key, [&]() -> auto& {
                return workers_->Add({{"pool", std::string(pool)}, {"state", std::string(state)}});
            });
    };
    PoolGauges gauges;
    gauges.busy = worker_gauge("busy");
    gauges.idle = worker_gauge("idle");
    gauges.total = worker_gauge("total");
    gauges.queue_depth = &depth_by_pool_.get(
        pool, [&]() -> auto& {
            return queue_depth_->Add({{"pool", std::string(pool)}});
        });
    return gauges;
}

void Metrics::route_request_duration(std::optional<std::string_view> route, double seconds) {
    const std::string& label = route_labels_.label_for(route);
    route_durations_
        .get(
            label,
            [&]() -> auto& {
                return route_duration_->Add({{"route", label}}, seconds_buckets());
            })
        .Observe(seconds);
}

void Metrics::state_leak(std::string_view kind) {
    const std::string& label = leak_kinds_.label_for(kind);
    leaks_by_kind_
        .get(
            label,
            [&]() -> auto& {
                return state_leaks_->Add({{"kind", label}});
            })
        .Increment();
}

void Metrics::state_restored(std::string_view kind) {
    const std::string& label = restored_kinds_.label_for(kind);
    restored_by_kind_
        .get(
            label,
            [&]() -> auto& {
                return state_restored_->Add({{"kind", label}});
            })
        .Increment();
}

void Metrics::tls_handshake(std::string_view outcome) {
    handshakes_by_outcome_
        .get(
            outcome,
            [&]() -> auto& {
                return tls_handshakes_->Add({{"outcome", std::string(outcome)}});
            })
        .Increment();
}

void Metrics::slow_request(std::string_view pool) {
    slow_by_pool_
        .get(
            pool,
            [&]() -> auto& {
                return slow_requests_->Add({{"pool", std::string(pool)}});
            })
        .Increment();
}

std::uint64_t Metrics::slow_requests(std::string_view pool) const {
    const prometheus::Counter* counter = slow_by_pool_.find(pool);
    return counter ? static_cast<std::uint64_t>(counter->Value()) : 0;
}

void Metrics::pool_scaled(std::string_view pool, std::string_view direction, std::string_view reason) {
    std::string key(pool);
    key.append(1, '\0').append(direction).append(1, '\0').append(reason);
    scales_by_pool_direction_reason_
        .get(
            key,
            [&]() -> auto& {
                return pool_scales_->Add({{"pool", std::string(pool)},
                                          {"direction", std::string(direction)},
                                          {"reason", std::string(reason)}});
            })
        .Increment();
}

void Metrics::set_target_workers(std::string_view pool, double workers) {
    target_by_pool_
        .get(
            pool,
            [&]() -> auto& {
                return target_workers_->Add({{"pool", std::string(pool)}});
            })
        .Set(workers);
}

}  // namespace runtime::obs
