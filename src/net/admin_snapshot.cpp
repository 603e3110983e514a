#include "runtime/net/admin_snapshot.hpp"

#include "runtime/policy/retire_reason.hpp"

namespace runtime::net {
namespace {

using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;

double seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

std::int64_t unix_seconds(WallClock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

obs::WorkerView worker_view(const pool::Worker& w, SteadyClock::time_point now, WallClock::time_point wall_now) {
    obs::WorkerView v;
    v.pid = w.pid;
    const bool busy = w.state() == pool::WorkerState::busy || w.serving_directly;
    v.state = w.serving_directly ? "busy" : std::string(pool::to_string(w.state()));
    v.requests = w.requests_served;
    v.rss_bytes = w.rss_bytes;
    v.last_request_memory = w.php_peak_bytes;
    const auto age = now - w.started_at;
    v.age_seconds = seconds(age);
    v.started_unix = unix_seconds(wall_now - std::chrono::duration_cast<WallClock::duration>(age));
    const bool in_request = busy && !w.current_method.empty();
    v.method = w.current_method;
    v.uri = w.current_uri;
    v.content_length = w.request_content_length;
    v.request_seconds = in_request ? seconds(now - w.request_started_at) : seconds(w.last_request_duration);
    return v;
}

obs::PoolView pool_view(const pool::Pool& p, const obs::Metrics& metrics, SteadyClock::time_point now,
                        WallClock::time_point wall_now) {
    const pool::PoolStatus s = p.status();
    const config::PoolSettings& settings = p.settings();
    obs::PoolView v;
    v.name = settings.name;
    v.script = settings.entry;
    v.configured_workers = settings.workers;
    v.min_workers = std::min(settings.min_workers, settings.max_workers);
    v.max_workers = settings.max_workers;
    v.target_workers = s.target;
    v.queue_limit = settings.policy.queue_length;
    v.started_unix = unix_seconds(p.started_at());
    v.seconds_since_start = unix_seconds(wall_now) - v.started_unix;
    v.idle = s.idle;
    v.busy = s.busy;
    v.starting = s.starting;
    v.retiring = s.retiring;
    v.total = s.total;
    v.queue_depth = s.queue_depth;
    v.max_queue_depth = s.max_queue_depth;
    v.max_busy = s.max_busy;
    v.accepted = s.accepted;
    v.queue_rejections = s.queue_rejections;
    v.slow_requests = metrics.slow_requests(settings.name);
    v.ready = s.ready;
    if (const auto reason = p.last_exit_reason()) v.last_recycle_reason = std::string(policy::to_string(*reason));
    for (const auto& w : p.workers()) v.workers.push_back(worker_view(*w, now, wall_now));
    return v;
}

}  // namespace

obs::ServerView admin_snapshot(const std::vector<const pool::Pool*>& pools, bool draining,
                               const obs::Metrics& metrics) {
    const auto now = SteadyClock::now();
    const auto wall_now = WallClock::now();
    obs::ServerView view;
    view.draining = draining;
    for (const pool::Pool* p : pools) view.pools.push_back(pool_view(*p, metrics, now, wall_now));
    return view;
}

}  // namespace runtime::net
