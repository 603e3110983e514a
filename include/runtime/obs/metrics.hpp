#pragma once
// The server's Prometheus metrics (names documented in docs/operations.md). One registry;
// the pool and the front ends update these handles, the admin endpoint serializes them.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "runtime/obs/bounded_labels.hpp"
#include "runtime/obs/metric_handles.hpp"

namespace runtime::obs {

class Metrics {
public:
    Metrics();

    prometheus::Registry& registry() { return *registry_; }
    std::string serialize() const;

    void worker_restarted(std::string_view reason);
    void request_served(std::string_view status_class) { requests_served(status_class, 1); }  // "2xx" ...
    void requests_served(std::string_view status_class, std::uint64_t count);
    void request_duration(std::string_view status_class, double seconds);
    void recycle_duration_ms(double ms);
    void worker_boot_seconds(double seconds);
    void reset_seconds(double seconds);
    void queue_wait_seconds(double seconds);
    void queue_rejected(std::string_view reason);
    void set_worker_memory(std::uint32_t pid, double bytes);
    void remove_worker(std::uint32_t pid);
    // One pool's worker and queue gauges, resolved once: the pool sets them on every state
    // change without a label lookup. Valid as long as this Metrics object.
    struct PoolGauges {
        prometheus::Gauge* busy = nullptr;
        prometheus::Gauge* idle = nullptr;
        prometheus::Gauge* total = nullptr;
        prometheus::Gauge* queue_depth = nullptr;
    };
    PoolGauges pool_gauges(std::string_view pool);
    // Elastic pools: a scale decision carried out (direction up/down/refused) and the target.
    void pool_scaled(std::string_view pool, std::string_view direction, std::string_view reason);
    void set_target_workers(std::string_view pool, double workers);
    // Request duration by Symfony route (the worker's "route" annotation); at most
    // max_route_labels distinct routes, later ones count as "other", none as "none".
    void route_request_duration(std::optional<std::string_view> route, double seconds);
    void state_leak(std::string_view kind);
    // What the worker's request boundary restored because the request changed it.
    void state_restored(std::string_view kind);
    void slow_request(std::string_view pool);
    // One TLS handshake on the HTTPS listener: "h2", "http/1.1" (ALPN, or none) or "failed".
    void tls_handshake(std::string_view outcome);
    std::uint64_t slow_requests(std::string_view pool) const;
    void connection_opened() { connections_->Increment(); }
    void connection_closed() { connections_->Decrement(); }

    static constexpr std::size_t max_route_labels = 100;
    static constexpr std::size_t max_leak_kinds = 32;

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>* restarts_;
    prometheus::Counter* requests_;
    prometheus::Family<prometheus::Counter>* requests_by_status_;
    prometheus::Family<prometheus::Histogram>* request_duration_;
    prometheus::Histogram* recycle_duration_;
    prometheus::Histogram* boot_duration_;
    prometheus::Histogram* reset_duration_;
    prometheus::Histogram* queue_wait_;
    prometheus::Family<prometheus::Counter>* queue_rejections_;
    prometheus::Family<prometheus::Gauge>* worker_memory_;
    prometheus::Family<prometheus::Gauge>* workers_;
    prometheus::Family<prometheus::Gauge>* queue_depth_;
    prometheus::Family<prometheus::Counter>* pool_scales_;
    prometheus::Family<prometheus::Gauge>* target_workers_;
    prometheus::Gauge* connections_;
    prometheus::Family<prometheus::Histogram>* route_duration_;
    prometheus::Family<prometheus::Counter>* state_leaks_;
    prometheus::Family<prometheus::Counter>* state_restored_;
    BoundedLabels restored_kinds_{max_leak_kinds};
    prometheus::Family<prometheus::Counter>* slow_requests_;
    prometheus::Family<prometheus::Counter>* tls_handshakes_;
    // Handles of the families above, by label value (see metric_handles.hpp).
    MetricHandles<prometheus::Counter> restarts_by_reason_;
    MetricHandles<prometheus::Counter> status_counters_;
    MetricHandles<prometheus::Histogram> status_durations_;
    MetricHandles<prometheus::Counter> rejections_by_reason_;
    MetricHandles<prometheus::Gauge> memory_by_pid_;
    MetricHandles<prometheus::Gauge> workers_by_pool_state_;
    MetricHandles<prometheus::Gauge> depth_by_pool_;
    MetricHandles<prometheus::Counter> scales_by_pool_direction_reason_;
    MetricHandles<prometheus::Gauge> target_by_pool_;
    MetricHandles<prometheus::Histogram> route_durations_;
    MetricHandles<prometheus::Counter> leaks_by_kind_;
    MetricHandles<prometheus::Counter> restored_by_kind_;
    MetricHandles<prometheus::Counter> slow_by_pool_;
    MetricHandles<prometheus::Counter> handshakes_by_outcome_;
    BoundedLabels route_labels_{max_route_labels};
    BoundedLabels leak_kinds_{max_leak_kinds};
};

}  // namespace runtime::obs
