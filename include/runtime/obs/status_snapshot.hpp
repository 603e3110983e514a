#pragma once
// A plain copy of what the admin pages show: gathered from the pools on the io thread, then
// rendered by pure functions (status_pages.hpp). No pointers into live objects.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runtime::obs {

struct WorkerView {
    std::int64_t pid = 0;
    std::string state;                          // starting, idle, busy, retiring
    std::uint64_t requests = 0;                 // served by this worker
    std::uint64_t rss_bytes = 0;
    std::uint64_t last_request_memory = 0;      // PHP peak memory of its last request
    std::int64_t started_unix = 0;              // process start, seconds since the epoch
    double age_seconds = 0;
    std::string method;                         // of the request in flight, or the last one
    std::string uri;
    std::int64_t content_length = 0;            // request body length (-1 unknown: chunked)
    double request_seconds = 0;                 // in flight so far, or the last request's duration
};

struct PoolView {
    std::string name;
    std::string script;                         // the pool's entry (front controller)
    unsigned configured_workers = 0;
    std::size_t min_workers = 0, max_workers = 0;  // equal for a fixed pool
    std::size_t target_workers = 0;                // what an elastic pool aims for now
    std::uint32_t queue_limit = 0;              // policy.queue_length
    std::int64_t started_unix = 0;
    std::int64_t seconds_since_start = 0;
    std::size_t idle = 0, busy = 0, starting = 0, retiring = 0, total = 0;
    std::size_t queue_depth = 0, max_queue_depth = 0, max_busy = 0;
    std::uint64_t accepted = 0;
    std::uint64_t queue_rejections = 0;
    std::uint64_t slow_requests = 0;
    bool ready = false;
    std::string last_recycle_reason;            // empty: no worker recycled yet
    std::vector<WorkerView> workers;
};

struct ServerView {
    bool draining = false;
    std::vector<PoolView> pools;
};

}  // namespace runtime::obs
