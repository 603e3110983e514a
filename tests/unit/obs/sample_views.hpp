#pragma once
// Snapshots shared by the status page tests.
#include <cstdlib>
#include <ctime>

#include "runtime/obs/status_snapshot.hpp"

namespace runtime::obs::testing {

// Times render in local time (like php-fpm); pin the zone so expectations are exact.
inline void use_utc() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
}

inline constexpr std::int64_t pool_start = 1700000000;  // 14/Nov/2023:22:13:20 +0000

inline PoolView sample_pool() {
    PoolView pool;
    pool.name = "default";
    pool.script = "/srv/app/public/index.php";
    pool.configured_workers = 2;
    pool.queue_limit = 1024;
    pool.started_unix = pool_start;
    pool.seconds_since_start = 100;
    pool.idle = 1;
    pool.busy = 1;
    pool.starting = 1;
    pool.total = 3;
    pool.queue_depth = 2;
    pool.max_queue_depth = 5;
    pool.max_busy = 2;
    pool.accepted = 42;
    pool.slow_requests = 3;
    pool.ready = true;
    pool.last_recycle_reason = "max_requests";
    WorkerView busy;
    busy.pid = 1234;
    busy.state = "busy";
    busy.requests = 7;
    busy.rss_bytes = 50 << 20;
    busy.last_request_memory = 2097152;
    busy.started_unix = pool_start + 40;
    busy.age_seconds = 60;
    busy.method = "POST";
    busy.uri = "/orders?id=\"1\"";
    busy.content_length = 12;
    busy.request_seconds = 0.25;
    WorkerView idle;
    idle.pid = 1235;
    idle.state = "idle";
    idle.requests = 3;
    idle.started_unix = pool_start + 90;
    idle.age_seconds = 10;
    idle.method = "GET";
    idle.uri = "/";
    idle.content_length = -1;
    idle.request_seconds = 0.001;
    pool.workers = {busy, idle};
    return pool;
}

}  // namespace runtime::obs::testing
