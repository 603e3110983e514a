#include <gtest/gtest.h>

#include "runtime/obs/metrics.hpp"

namespace runtime::obs {
namespace {

bool has_line(const std::string& text, const std::string& prefix) {
    return text.find("\n" + prefix) != std::string::npos;
}

TEST(Metrics, WorkerMemorySeriesGoesAwayWithTheWorker) {
    Metrics metrics;
    metrics.set_worker_memory(101, 1000);
    metrics.set_worker_memory(102, 2000);
    metrics.remove_worker(101);
    const std::string text = metrics.serialize();
    EXPECT_FALSE(has_line(text, R"(runtime_worker_mem_bytes{pid="101"})")) << text;
    EXPECT_TRUE(has_line(text, R"(runtime_worker_mem_bytes{pid="102"} 2000)")) << text;
}

TEST(Metrics, RouteHistogramIsBounded) {
    Metrics metrics;
    for (std::size_t i = 0; i < Metrics::max_route_labels + 5; ++i)
        metrics.route_request_duration("route_" + std::to_string(i), 0.01);
    metrics.route_request_duration(std::nullopt, 0.01);
    const std::string text = metrics.serialize();
    EXPECT_TRUE(has_line(text, R"(runtime_route_request_duration_seconds_count{route="route_0"} 1)")) << text;
    EXPECT_TRUE(has_line(text, R"(runtime_route_request_duration_seconds_count{route="other"} 5)")) << text;
    EXPECT_TRUE(has_line(text, R"(runtime_route_request_duration_seconds_count{route="none"} 1)")) << text;
    EXPECT_FALSE(has_line(text, R"(runtime_route_request_duration_seconds_count{route="route_100"})"));
}

TEST(Metrics, CountsLeaksAndSlowRequests) {
    Metrics metrics;
    metrics.state_leak("static_property");
    metrics.state_leak("static_property");
    metrics.slow_request("default");
    EXPECT_EQ(metrics.slow_requests("default"), 1u);
    EXPECT_EQ(metrics.slow_requests("api"), 0u);
    const std::string text = metrics.serialize();
    EXPECT_TRUE(has_line(text, R"(runtime_state_leak_total{kind="static_property"} 2)")) << text;
    EXPECT_TRUE(has_line(text, R"(runtime_slow_requests_total{pool="default"} 1)")) << text;
}

TEST(Metrics, WorkersByPoolAndState) {
    Metrics metrics;
    const Metrics::PoolGauges gauges = metrics.pool_gauges("default");
    gauges.busy->Set(1);
    gauges.idle->Set(2);
    gauges.total->Set(3);
    const std::string text = metrics.serialize();
    EXPECT_TRUE(has_line(text, R"(runtime_workers{pool="default",state="busy"} 1)")) << text;
    EXPECT_TRUE(has_line(text, R"(runtime_workers{pool="default",state="total"} 3)")) << text;
}

}  // namespace
}  // namespace runtime::obs
