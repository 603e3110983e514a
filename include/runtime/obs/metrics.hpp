#pragma once
// The server's Prometheus metrics (names documented in docs/operations.md). One registry;
// the pool and the front ends update these handles, the admin endpoint serializes them.
#include <memory>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace runtime::obs {

class Metrics {
public:
    Metrics();

    prometheus::Registry& registry() { return *registry_; }
    std::string serialize() const;

    void worker_restarted(std::string_view reason);
    void request_served(std::string_view status_class);  // "2xx" ...
    void request_duration(std::string_view status_class, double seconds);
    void recycle_duration_ms(double ms);
    void worker_boot_seconds(double seconds);
    void reset_seconds(double seconds);
    void queue_wait_seconds(double seconds);
    void queue_rejected(std::string_view reason);
    void set_worker_memory(std::uint32_t pid, double bytes);
    void remove_worker(std::uint32_t pid);
    void set_workers(double busy, double idle, double total);
    void set_queue_depth(double depth);
    void connection_opened() { connections_->Increment(); }
    void connection_closed() { connections_->Decrement(); }

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
    prometheus::Gauge* queue_depth_;
    prometheus::Gauge* connections_;
};

}  // namespace runtime::obs
