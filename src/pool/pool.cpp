#include "runtime/pool/pool.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <limits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/common/fd_passing.hpp"
#include "runtime/obs/app_log_level.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/obs/request_notes.hpp"
#include "runtime/policy/request_classification.hpp"
#include "runtime/policy/retirement.hpp"
#include "runtime/pool/spawner.hpp"
#include "runtime/worker/process.hpp"

namespace runtime::pool {

using Clock = std::chrono::steady_clock;
namespace lvl = spdlog::level;

// ttl and idle_ttl are whole seconds: checking once a second retires within a second of the limit.
constexpr std::chrono::seconds lifetime_check_interval{1};

std::string_view to_string(WorkerState state) {
    switch (state) {
        case WorkerState::starting: return "starting";
        case WorkerState::idle: return "idle";
        case WorkerState::busy: return "busy";
        case WorkerState::retiring: return "retiring";
    }
    return "unknown";
}

struct Pool::Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    Clock::time_point enqueued_at = Clock::now();
    std::shared_ptr<Worker> assigned;
};

namespace {

// The worker said it retires because opcache restarts (runtime_opcache.c).
bool worker_retires_for_opcache(const ipc::RequestDone& done) {
    for (const auto& [key, value] : done.annotations)
        if (key == "retire" && value == "opcache_restart") return true;
    return false;
}

policy::RequestOutcome to_policy(ipc::Outcome outcome) {
    switch (outcome) {
        case ipc::Outcome::ok: return policy::RequestOutcome::ok;
        case ipc::Outcome::uncaught_exception: return policy::RequestOutcome::uncaught_exception;
        case ipc::Outcome::fatal_error: return policy::RequestOutcome::fatal_error;
        case ipc::Outcome::exit_called: return policy::RequestOutcome::exit_called;
        case ipc::Outcome::reset_failed: return policy::RequestOutcome::reset_failed;
    }
    return policy::RequestOutcome::crashed;
}

policy::WorkerSnapshot snapshot_of(const Worker& w) {
    policy::WorkerSnapshot s;
    s.requests_served = w.requests_served;
    s.consecutive_failures = w.consecutive_failures;
    s.rss_bytes = w.rss_bytes;
    s.php_memory_bytes = w.php_memory_bytes;
    s.started_at = w.started_at;
    s.last_request_finished_at = w.last_request_finished_at;
    s.last_outcome = w.last_outcome;
    s.unsafe = w.last_outcome == policy::RequestOutcome::reset_failed;
    return s;
}

std::string describe_exit(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return "signal " + std::to_string(sig) + " (" + sigabbrev_np(sig) + ")";
    }
    return "exit code " + std::to_string(WEXITSTATUS(status));
}

// The fields of a JSON log line about a worker: its pool and pid, and while it serves a
// request, that request's id and URI.
std::vector<obs::LogField> worker_log_fields(const std::string& pool, const Worker& w) {
    std::vector<obs::LogField> fields{{"pool", pool}, {"worker_pid", std::to_string(w.pid), true}};
    if (w.current_request_id != 0) {
        fields.push_back({"request_id", std::to_string(w.current_request_id), true});
        fields.push_back({"uri", w.current_uri});
    }
    return fields;
}

}  // namespace

Pool::Pool(asio::any_io_executor executor, config::PoolSettings settings, PoolPaths paths, obs::Metrics& metrics)
    : executor_(executor),
      settings_(std::move(settings)),
      paths_(std::move(paths)),
      metrics_(metrics),
      respawn_(settings_.policy),
      spawn_timer_(executor),
      lifetime_timer_(executor),
      scaling_timer_(executor),
      target_(scaling_tuning().min_workers),
      started_wall_(std::chrono::system_clock::now()) {}

Pool::~Pool() {
    for (auto& [id, w] : workers_) {
        if (w->pid > 0) ::kill(w->pid, SIGKILL);
    }
    if (prototype_pid_ > 0) ::kill(prototype_pid_, SIGKILL);
}

worker::WorkerOptions Pool::worker_options(worker::Role role) const {
    worker::WorkerOptions o;
    o.role = role;
    o.pool_name = settings_.name;
    o.channel_fd = 3;
    o.mode = settings_.mode == config::Mode::classic ? worker::ExecutionMode::classic : worker::ExecutionMode::worker;
    o.bootstrap = paths_.bootstrap;
    o.entry = settings_.entry;
    o.document_root = settings_.document_root;
    o.max_requests = settings_.policy.max_requests;
    if (direct_listener_ >= 0) {
        o.listen_fd = 4;  // as spawn_child places inherited_fds()
        o.scoreboard_fd = 5;
    }
    // Without a memory ceiling or budget RSS only feeds the gauges and /status: sampled, not per
    // request. A direct worker reports only sampled requests, so a PHP memory ceiling samples each one.
    const bool direct_php_memory_ceiling = direct_listener_ >= 0 && settings_.policy.max_php_memory_bytes;
    o.rss_every = settings_.policy.max_rss_bytes || (elastic() && settings_.scaling.memory_budget_bytes) ||
                          direct_php_memory_ceiling
                      ? 1
                      : 16;
    o.slow_request_threshold_ms = static_cast<std::uint32_t>(
        std::min<std::int64_t>(settings_.slow_request_threshold.count(), std::numeric_limits<std::uint32_t>::max()));
    for (const auto& [key, value] : settings_.php_ini) o.ini_entries += key + "=" + value + "\n";
    if (settings_.policy.request_timeout.count() > 0) {
        // PHP's own limit stays as a first line of defence; the master's timeout is the hard one.
        o.ini_entries += "max_execution_time=" + std::to_string(settings_.policy.request_timeout.count()) + "\n";
    }
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& item : items) out += item + "\n";
        return out;
    };
    o.php_options = {{"entry", settings_.entry},
                     {"document_root", settings_.document_root},
                     {"pool", settings_.name},
                     {"warmup_services", join(settings_.warmup_services)},
                     {"warmup_callables", join(settings_.warmup_callables)},
                     {"verify_state", settings_.verify_state ? "1" : "0"},
                     {"preflight_files", join(preflight_files_)}};
    return o;
}

Result<bool> Pool::serve_directly(int listener_fd) {
    // More slots than workers can live at once (a reload's surge, workers still exiting), so
    // a slot is free again long before its id comes round.
    auto board = Scoreboard::create(1024);
    if (!board) return board.error();
    scoreboard_.emplace(std::move(*board));
    direct_listener_ = listener_fd;
    return true;
}

std::vector<int> Pool::inherited_fds() const {
    if (direct_listener_ < 0) return {};
    return {direct_listener_, scoreboard_->fd()};
}

ScoreboardSlot* Pool::slot_of(const Worker& w) const {
    if (!scoreboard_) return nullptr;
    ScoreboardSlot& slot = scoreboard_->slot_of(w.id);
    return slot.worker_id.load(std::memory_order_relaxed) == w.id ? &slot : nullptr;
}

void Pool::start() {
    if (settings_.prototype && !start_prototype()) {
        obs::log(lvl::warn, "pool {}: prototype unavailable, starting workers directly", settings_.name);
    }
    metrics_.set_target_workers(settings_.name, static_cast<double>(target_));
    spawn_replacements();
    schedule_lifetime_check();
    if (elastic()) schedule_scaling_check();
}

void Pool::schedule_lifetime_check() {
    lifetime_timer_.expires_after(lifetime_check_interval);
    lifetime_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || shutting_down_) return;
        retire_expired_idle_workers();
        watch_direct_workers();
        schedule_lifetime_check();
    });
}

void Pool::retire_expired_idle_workers() {
    const auto now = Clock::now();
    std::vector<std::pair<std::shared_ptr<Worker>, policy::Decision>> expired;
    for (const auto& w : idle_) {
        if (w->state != WorkerState::idle) continue;
        const auto decision = policy::decide_when_idle(snapshot_of(*w), settings_.policy, now);
        if (decision.retires()) expired.emplace_back(w, decision);
    }
    // retire() edits idle_, hence the separate pass.
    for (const auto& [w, decision] : expired) {
        obs::log(lvl::info, "pool {}: worker pid={} reached {} ({}s, limit {}s)", settings_.name, w->pid,
                 policy::to_string(decision.reason), decision.observed, decision.limit);
        retire(w, decision.reason);
    }
}

std::size_t Pool::serving_workers() const {
    return static_cast<std::size_t>(std::count_if(workers_.begin(), workers_.end(), [](const auto& entry) {
        return entry.second->state == WorkerState::idle || entry.second->state == WorkerState::busy;
    }));
}

bool Pool::start_prototype() {
    // The app's environment is the process environment of the PHP side.
    auto child = spawn_child(paths_.worker_binary, worker::render_worker_args(worker_options(worker::Role::prototype)),
                             settings_.env, inherited_fds());
    if (!child) {
        obs::log(lvl::err, "pool {}: cannot start the prototype: {}", settings_.name, child.error().message);
        return false;
    }
    prototype_pid_ = child->pid;
    prototype_control_fd_ = child->channel.get();
    prototype_link_ = std::make_unique<WorkerLink>(executor_, std::move(child->channel));
    const int stderr_fd = child->stderr_read.release();
    asio::co_spawn(executor_, relay_stderr(stderr_fd, {}, "prototype", prototype_pid_), asio::detached);
    asio::co_spawn(executor_, read_prototype(), asio::detached);
    obs::log(lvl::info, "pool {}: prototype started pid={}", settings_.name, prototype_pid_);
    return true;
}

asio::awaitable<void> Pool::read_prototype() {
    for (;;) {
        auto frame = co_await prototype_link_->read();
        if (!frame) co_return;  // the prototype exited; on_child_exit handles it
        if (frame->type != ipc::FrameType::worker_spawned) continue;
        auto spawned = ipc::decode_worker_spawned(frame->payload);
        if (!spawned) continue;
        auto it = workers_.find(spawned->worker_id);
        if (it != workers_.end() && spawned->pid > 0) it->second->pid = static_cast<pid_t>(spawned->pid);
    }
}

std::size_t Pool::live_capacity() const {
    std::size_t live = 0;
    for (const auto& [id, w] : workers_) {
        if (w->state != WorkerState::retiring && w->generation == generation_) ++live;
    }
    return live;
}

void Pool::spawn_replacements() {
    if (shutting_down_) return;
    if (reload_plan_) {
        advance_reload();
        return;
    }
    while (live_capacity() < target_) {
        const auto delay = respawn_.next_delay(Clock::now());
        if (delay.count() > 0) {
            schedule_spawn();
            return;
        }
        spawn_one(std::nullopt);
    }
}

void Pool::schedule_spawn() {
    if (spawn_scheduled_) return;
    spawn_scheduled_ = true;
    spawn_timer_.expires_after(respawn_.next_delay(Clock::now()));
    spawn_timer_.async_wait([this](const boost::system::error_code& ec) {
        spawn_scheduled_ = false;
        if (!ec) spawn_replacements();
    });
}

void Pool::spawn_one(std::optional<policy::TimePoint> replacing_since) {
    auto w = std::make_shared<Worker>();
    w->id = next_id_++;
    w->generation = generation_;
    w->started_at = Clock::now();
    w->replacing_since = replacing_since;
    if (scoreboard_) {
        ScoreboardSlot& slot = scoreboard_->slot_of(w->id);
        slot.request_started_ns.store(0);
        slot.requests_served.store(0);
        for (auto& count : slot.responses) count.store(0);  // the slot's earlier owner's counts
        slot.retire_requested.store(0);
        slot.worker_id.store(w->id);
    }

    int stderr_fd = -1;
    if (prototype_pid_ > 0) {
        auto fds = make_socket_and_pipe();
        if (!fds) {
            obs::log(lvl::err, "pool {}: {}", settings_.name, fds.error().message);
            return;
        }
        const std::string frame = ipc::encode_frame(ipc::FrameType::spawn_worker, ipc::encode(ipc::SpawnWorker{w->id}));
        const int pass[] = {fds->child_socket.get(), fds->stderr_write.get()};
        if (auto sent = send_with_fds(prototype_control_fd_, frame, pass); !sent) {
            obs::log(lvl::err, "pool {}: prototype spawn request failed: {}", settings_.name, sent.error().message);
            return;
        }
        w->link = std::make_unique<WorkerLink>(executor_, std::move(fds->master_socket));
        stderr_fd = fds->stderr_read.release();
    } else {
        auto options = worker_options(worker::Role::worker);
        options.worker_id = w->id;
        auto child =
            spawn_child(paths_.worker_binary, worker::render_worker_args(options), settings_.env, inherited_fds());
        if (!child) {
            obs::log(lvl::err, "pool {}: cannot start a worker: {}", settings_.name, child.error().message);
            return;
        }
        w->pid = child->pid;
        w->link = std::make_unique<WorkerLink>(executor_, std::move(child->channel));
        stderr_fd = child->stderr_read.release();
    }
    workers_.emplace(w->id, w);
    asio::co_spawn(executor_, relay_stderr(stderr_fd, w, "worker", 0), asio::detached);
    asio::co_spawn(executor_, boot(w), asio::detached);
    update_gauges();
}

// `pid`: the writer's pid when known at start (a prototype); a worker's is read from its record
// (0 until the prototype reports it). After a reload an old prototype keeps its own pid here.
asio::awaitable<void> Pool::relay_stderr(int fd, std::weak_ptr<Worker> worker, std::string role, pid_t pid) {
    asio::posix::stream_descriptor pipe(executor_, fd);
    asio::streambuf buffer(1024 * 1024);
    pid_t last_pid = pid;
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n = co_await asio::async_read_until(pipe, buffer, '\n', asio::redirect_error(asio::use_awaitable, ec));
        if (ec && n == 0) co_return;
        std::string line(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n));
        buffer.consume(n);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        std::vector<obs::LogField> fields{{"pool", settings_.name}, {"prototype_pid", std::to_string(last_pid), true}};
        if (auto w = worker.lock()) {
            last_pid = w->pid;
            fields = worker_log_fields(settings_.name, *w);  // with the request the line was written in
        }
        obs::log_with(obs::relayed_line_level(line), fields, "{} pid={} pool={}: {}", role, last_pid,
                      settings_.name, line);
    }
}

asio::awaitable<void> Pool::boot(std::shared_ptr<Worker> w) {
    auto frame = co_await w->link->read();
    if (!frame) {
        // Died while booting: on_child_exit reports it. Without a pid no exit will ever name it
        // (the prototype could not fork it, or exited before reading the spawn request).
        if (w->pid == 0 && tracked(*w)) {
            obs::log(lvl::err, "pool {}: worker id={} closed its socket before it had a pid (not forked)",
                     settings_.name, w->id);
            forget(w, policy::RetireReason::boot_failure, /*count_failure=*/w->generation == generation_);
        }
        co_return;
    }
    if (!tracked(*w)) co_return;  // its exit was reaped while this frame was in flight
    if (frame->type == ipc::FrameType::boot_failed) {
        obs::log(lvl::err, "pool {}: worker pid={} failed to boot: {}", settings_.name, w->pid, frame->payload);
        w->retire_reason = policy::RetireReason::boot_failure;
        w->state = WorkerState::retiring;
        co_return;
    }
    auto ready = frame->type == ipc::FrameType::worker_ready ? ipc::decode_worker_ready(frame->payload)
                                                             : Result<ipc::WorkerReady>(Error{"unexpected frame"});
    if (!ready) {
        obs::log(lvl::err, "pool {}: worker pid={} protocol error at boot", settings_.name, w->pid);
        retire(w, policy::RetireReason::crash);
        co_return;
    }
    w->pid = static_cast<pid_t>(ready->pid);
    w->ready_at = Clock::now();
    w->rss_bytes = ready->rss_bytes;
    respawn_.on_boot_success(w->ready_at);
    const double boot_ms = static_cast<double>(ready->boot_ns) / 1e6;
    metrics_.worker_boot_seconds(boot_ms / 1000);
    if (w->replacing_since) {
        const double recycle_ms = std::chrono::duration<double, std::milli>(w->ready_at - *w->replacing_since).count();
        metrics_.recycle_duration_ms(recycle_ms);
        obs::log(lvl::info, "pool {}: worker ready pid={} boot={:.1f}ms recycle={:.1f}ms rss={}", settings_.name,
                 w->pid, boot_ms, recycle_ms, w->rss_bytes);
    } else {
        obs::log(lvl::info, "pool {}: worker ready pid={} boot={:.1f}ms rss={}", settings_.name, w->pid, boot_ms,
                 w->rss_bytes);
    }
    metrics_.set_worker_memory(static_cast<std::uint32_t>(w->pid), static_cast<double>(w->rss_bytes));
    if (w->generation != generation_ || shutting_down_) {
        retire(w, shutting_down_ ? policy::RetireReason::shutdown : policy::RetireReason::reload);
        co_return;
    }
    make_idle(w);
    if (direct_listener_ >= 0) asio::co_spawn(executor_, read_direct_reports(w), asio::detached);
    advance_reload();
}

asio::awaitable<void> Pool::read_direct_reports(std::shared_ptr<Worker> w) {
    for (;;) {
        auto frame = co_await w->link->read();
        if (!frame) co_return;  // it exited: on_child_exit says how
        if (frame->type != ipc::FrameType::request_done || !tracked(*w)) continue;
        auto done = ipc::decode_request_done(frame->payload);
        if (!done) continue;
        // The request this report closes was served without the master: account for it as
        // proxied dispatch does when a leased worker reports.
        if (w->state == WorkerState::idle) {
            idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
            w->state = WorkerState::busy;
        }
        harvest_direct_counts(*w);
        read_direct_activity(*w);  // the URI of its request, for the lines below
        obs::record_request_notes(metrics_, settings_.name, obs::read_annotations(done->annotations), w->pid,
                                  w->current_uri);
        finish(w, *done);
    }
}

void Pool::harvest_direct_counts(Worker& w) {
    const ScoreboardSlot* slot = slot_of(w);
    if (!slot) return;
    static constexpr std::string_view class_names[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    std::uint64_t served = 0;
    for (std::size_t i = 0; i < w.counted_responses.size(); ++i) {
        const std::uint64_t total = slot->responses[i].load(std::memory_order_relaxed);
        const std::uint64_t fresh = total - w.counted_responses[i];
        if (fresh == 0) continue;
        metrics_.requests_served(class_names[i], fresh);
        w.counted_responses[i] = total;
        served += fresh;
    }
    if (served == 0) return;
    accepted_ += served;
    w.requests_served = slot->requests_served.load(std::memory_order_relaxed);
    w.last_request_finished_at = Clock::now();  // idle_ttl counts from its latest request
}

// Once a second: the counts of direct workers reach the metrics, and a direct worker past the
// request timeout is killed, as a proxied one is (nginx answers 502).
void Pool::watch_direct_workers() {
    if (!scoreboard_) return;
    const auto now = Clock::now();
    const auto limit = settings_.policy.request_timeout;
    for (const auto& [id, w] : workers_) {
        harvest_direct_counts(*w);
        read_direct_activity(*w);
        const bool timed_out = limit.count() > 0 && w->serving_directly && now - w->request_started_at > limit;
        if (timed_out && !w->killed) kill_for_timeout(w);
    }
}

void Pool::advance_reload() {
    if (!reload_plan_ || shutting_down_) return;
    std::vector<policy::OldWorker> old_workers;
    policy::ReloadProgress progress;
    for (const auto& [id, w] : workers_) {
        const bool serving = w->state == WorkerState::idle || w->state == WorkerState::busy;
        if (w->generation < generation_) {
            // An old worker still booting is not capacity: boot() retires it once it is ready.
            if (serving && !w->retire_reason)
                old_workers.push_back({w->id, w->state == WorkerState::busy, w->started_at});
        } else if (w->state == WorkerState::starting) {
            ++progress.new_booting;
        } else if (serving) {
            ++progress.new_serving;
        }
    }
    progress.old_workers = old_workers;
    const auto step = reload_plan_->step(progress);
    for (const auto id : step.retire) {
        const auto& old = workers_.at(id);
        if (old->state == WorkerState::busy) {
            old->retire_reason = policy::RetireReason::reload;  // after its request
        } else {
            retire(old, policy::RetireReason::reload);
        }
    }
    if (step.status != policy::ReloadStatus::in_progress) {
        obs::log(lvl::info, "pool {}: rolling reload to generation {} complete", settings_.name, generation_);
        reload_plan_.reset();
        spawn_replacements();
        return;
    }
    // New workers that fail to boot are retried with the respawn backoff, never in a loop.
    for (int i = 0; i < step.spawn_new; ++i) {
        if (respawn_.next_delay(Clock::now()).count() > 0) {
            schedule_spawn();
            break;
        }
        spawn_one(std::nullopt);
    }
}

void Pool::make_idle(const std::shared_ptr<Worker>& w) {
    // Retired or already reaped (its exit can be handled before its last report is read):
    // it must never be handed to a request again.
    if (w->state == WorkerState::retiring || !tracked(*w)) return;
    w->current_method.clear();
    w->current_uri.clear();
    w->current_request_id = 0;
    // Not serving any more: a retirement decided during the request (reload, shutdown) must
    // now tell the worker to exit.
    if (w->state == WorkerState::busy) w->state = WorkerState::idle;
    if (w->retire_reason) {
        retire(w, *w->retire_reason);
        return;
    }
    if (!waiters_.empty()) {
        Waiter* waiter = waiters_.front();
        waiters_.pop_front();
        waiter->assigned = w;
        w->state = WorkerState::busy;
        waiter->timer.cancel();
        update_gauges();
        return;
    }
    w->state = WorkerState::idle;
    idle_.push_back(w);
    update_gauges();
}

asio::awaitable<Lease> Pool::acquire() {
    const auto now = Clock::now();
    ++accepted_;
    while (!idle_.empty()) {
        auto w = idle_.back();  // the most recently used worker has the warmest caches
        idle_.pop_back();
        if (w->state != WorkerState::idle) continue;
        w->state = WorkerState::busy;
        update_gauges();
        co_return Lease{w, std::nullopt, {}};
    }
    std::optional<policy::TimePoint> oldest;
    if (!waiters_.empty()) oldest = waiters_.front()->enqueued_at;
    auto admission = policy::admit_while_failing(serving_workers(), respawn_.backoff(), now);
    if (admission.accepted) admission = policy::admit(waiters_.size(), oldest, settings_.policy, now);
    if (!admission.accepted || shutting_down_) {
        ++queue_rejections_;
        metrics_.queue_rejected(policy::to_string(admission.reason));
        co_return Lease{nullptr, admission, {}};
    }
    Waiter waiter(executor_);
    waiter.timer.expires_after(settings_.policy.queue_wait);
    waiters_.push_back(&waiter);
    max_queue_depth_ = std::max(max_queue_depth_, waiters_.size());
    update_gauges();  // the queue depth, and the pressure that may grow an elastic pool
    boost::system::error_code ec;
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), &waiter), waiters_.end());
    metrics_.set_queue_depth(settings_.name, static_cast<double>(waiters_.size()));
    const auto waited = Clock::now() - waiter.enqueued_at;
    metrics_.queue_wait_seconds(std::chrono::duration<double>(waited).count());
    if (waiter.assigned) co_return Lease{waiter.assigned, std::nullopt, waited};
    policy::Admission timeout{false, policy::RejectReason::queue_timeout,
                              std::chrono::duration_cast<std::chrono::seconds>(settings_.policy.queue_wait) +
                                  std::chrono::seconds(1)};
    ++queue_rejections_;
    metrics_.queue_rejected(policy::to_string(timeout.reason));
    co_return Lease{nullptr, timeout, waited};
}

void Pool::finish(const std::shared_ptr<Worker>& w, const ipc::RequestDone& done) {
    const auto now = Clock::now();
    w->requests_served = done.requests_served;
    const bool rss_measured = done.rss_bytes != 0;
    if (rss_measured) w->rss_bytes = done.rss_bytes;
    w->php_memory_bytes = done.php_memory_bytes;
    w->last_outcome = to_policy(done.outcome);
    w->last_request_finished_at = now;
    w->consecutive_failures = policy::consecutive_failures_after(w->consecutive_failures, w->last_outcome, done.status);
    // Its exit may have been reaped before this report was read: no series for a gone pid.
    if (rss_measured && tracked(*w))
        metrics_.set_worker_memory(static_cast<std::uint32_t>(w->pid), static_cast<double>(w->rss_bytes));
    if (done.reset_ns) metrics_.reset_seconds(static_cast<double>(done.reset_ns) / 1e9);
    if (done.outcome == ipc::Outcome::reset_failed) {
        obs::log(lvl::err, "pool {}: services reset failed on worker pid={}: {}", settings_.name, w->pid, done.detail);
    } else if (done.outcome == ipc::Outcome::uncaught_exception || done.outcome == ipc::Outcome::fatal_error) {
        obs::log_with(lvl::err, worker_log_fields(settings_.name, *w), "pool {}: worker pid={} {} on {} {}: {}",
                      settings_.name, w->pid, ipc::to_string(done.outcome), w->current_method, w->current_uri,
                      done.detail);
    }
    if (!tracked(*w)) return;  // already reaped: nothing left to decide
    // The request is over: a retirement decided below must tell the worker to exit.
    if (w->state == WorkerState::busy) w->state = WorkerState::idle;
    const auto decision = policy::decide_after_request(snapshot_of(*w), settings_.policy, now);
    if (decision.retires()) {
        retire(w, decision.reason);
    } else if (worker_retires_for_opcache(done)) {
        retire(w, policy::RetireReason::opcache_restart);
        retire_idle_for_opcache_restart();
    } else if (done.will_exit) {
        retire(w, policy::RetireReason::max_requests);  // the worker's own guard
    } else {
        make_idle(w);
    }
}

void Pool::retire_idle_for_opcache_restart() {
    const auto idle = idle_;
    for (const auto& w : idle) retire(w, policy::RetireReason::opcache_restart);
}

void Pool::abandon(const std::shared_ptr<Worker>& w, policy::RequestOutcome outcome) {
    w->last_outcome = outcome;
    if (w->state == WorkerState::retiring) return;
    retire(w, outcome == policy::RequestOutcome::timeout ? policy::RetireReason::exec_timeout
                                                         : policy::RetireReason::crash);
    if (w->pid > 0 && !w->killed) {
        w->killed = true;
        ::kill(w->pid, SIGKILL);  // its state is unknown: never let it serve again
    }
}

void Pool::kill_for_timeout(const std::shared_ptr<Worker>& w) {
    obs::log(lvl::warn, "pool {}: request timeout ({}s) on worker pid={}: {} {}; killing it", settings_.name,
             settings_.policy.request_timeout.count(), w->pid, w->current_method, w->current_uri);
    w->retire_reason = policy::RetireReason::exec_timeout;
    w->killed = true;
    if (w->pid > 0) ::kill(w->pid, SIGKILL);
}

void Pool::send_shutdown(const std::shared_ptr<Worker>& w) {
    // A direct worker busy with back-to-back connections reads its slot, not the channel.
    if (ScoreboardSlot* slot = slot_of(*w)) slot->retire_requested.store(1, std::memory_order_release);
    if (!w->link) return;
    asio::co_spawn(
        executor_,
        [w]() -> asio::awaitable<void> {
            (void)co_await w->link->write(ipc::encode_frame(ipc::FrameType::shutdown, {}));
        },
        asio::detached);
}

void Pool::retire(const std::shared_ptr<Worker>& w, policy::RetireReason reason) {
    const bool was_busy = w->state == WorkerState::busy;
    if (w->state == WorkerState::retiring && w->retire_reason) return;
    w->retire_reason = reason;
    w->state = WorkerState::retiring;
    idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
    obs::log(lvl::info, "pool {}: recycling worker pid={} reason={}{} requests={} rss={}", settings_.name, w->pid,
             policy::to_string(reason), policy::detail_of(reason).empty() ? "" : "/" + std::string(policy::detail_of(reason)),
             w->requests_served, w->rss_bytes);
    if (!was_busy) send_shutdown(w);
    // Capacity holds: the replacement boots while this worker finishes and exits.
    if (!shutting_down_ && !w->replacement_spawned && w->generation == generation_) {
        w->replacement_spawned = true;
        if (live_capacity() < target_) {
            if (respawn_.next_delay(Clock::now()).count() == 0) {
                spawn_one(Clock::now());
            } else {
                schedule_spawn();
            }
        }
    }
    update_gauges();
}

std::shared_ptr<Worker> Pool::find_pid(pid_t pid) const {
    for (const auto& [id, w] : workers_) {
        if (w->pid == pid) return w;
    }
    return nullptr;
}

bool Pool::on_child_exit(pid_t pid, int status) {
    if (pid == prototype_pid_) {
        obs::log(shutting_down_ ? lvl::info : lvl::err, "pool {}: prototype pid={} exited with {}", settings_.name, pid,
                 describe_exit(status));
        prototype_pid_ = 0;
        prototype_link_.reset();
        prototype_control_fd_ = -1;
        if (!shutting_down_ && settings_.prototype) start_prototype();
        return true;
    }
    auto w = find_pid(pid);
    if (!w) return false;
    read_direct_activity(*w);  // a direct worker's crash log names the request in its slot
    std::optional<policy::RetireReason> reason = w->retire_reason;
    const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == worker::exit_retired;
    if (WIFEXITED(status) && WEXITSTATUS(status) == worker::exit_boot_failed) {
        reason = policy::RetireReason::boot_failure;
    } else if (!clean && !w->killed) {
        reason = policy::RetireReason::crash;
        obs::log(lvl::err, "pool {}: worker pid={} crashed with {} during {} {} after {} requests, rss={}",
                 settings_.name, pid, describe_exit(status), w->current_method.empty() ? "-" : w->current_method,
                 w->current_uri.empty() ? "(idle)" : w->current_uri, w->requests_served, w->rss_bytes);
    } else if (!reason) {
        reason = clean ? policy::RetireReason::max_requests : policy::RetireReason::crash;
    }
    if (reason == policy::RetireReason::boot_failure && w->state == WorkerState::starting) {
        obs::log(lvl::err, "pool {}: worker pid={} exited with {} before it was ready", settings_.name, pid,
                 describe_exit(status));
    }
    harvest_direct_counts(*w);  // what it served since the last look
    metrics_.remove_worker(static_cast<std::uint32_t>(pid));
    obs::log(lvl::info, "pool {}: worker pid={} exited ({}), reason={}", settings_.name, pid, describe_exit(status),
             policy::to_string(*reason));
    forget(w, *reason, /*count_failure=*/true);
    return true;
}

bool Pool::tracked(const Worker& w) const {
    const auto it = workers_.find(w.id);
    return it != workers_.end() && it->second.get() == &w;
}

void Pool::forget(const std::shared_ptr<Worker>& w, policy::RetireReason reason, bool count_failure) {
    if (count_failure) respawn_.on_retired(reason, Clock::now(), /*had_booted=*/w->ready_at != policy::TimePoint{});
    last_exit_reason_ = reason;
    metrics_.worker_restarted(policy::to_string(reason));
    w->state = WorkerState::retiring;
    if (w->link) w->link->close();
    idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
    workers_.erase(w->id);
    spawn_replacements();
    update_gauges();
}

void Pool::reload(std::optional<config::PoolSettings> new_settings) {
    if (shutting_down_) return;
    if (new_settings) settings_ = std::move(*new_settings);
    const policy::ScalingTuning bounds = scaling_tuning();
    target_ = std::clamp(target_, bounds.min_workers, bounds.max_workers);
    metrics_.set_target_workers(settings_.name, static_cast<double>(target_));
    scaling_timer_.cancel();
    if (elastic()) schedule_scaling_check();
    respawn_ = policy::RespawnController(settings_.policy);
    spawn_timer_.cancel();  // a backoff delay still running no longer applies
    ++generation_;
    std::size_t to_replace = 0;
    for (const auto& [id, w] : workers_) {
        if (w->state != WorkerState::retiring) ++to_replace;
    }
    // No abort: once the files changed on disk the old code cannot come back (docs/policy.md);
    // old workers keep serving until new ones are ready, failed boots retry with backoff.
    reload_plan_.emplace(static_cast<int>(target_),
                         policy::ReloadTuning{.max_surge_percent = 25, .abort_after_boot_failures = 0});
    obs::log(lvl::info, "pool {}: rolling reload to generation {} ({} workers to replace)", settings_.name, generation_,
             to_replace);
    // A new prototype compiles the new code (and applies new settings); the old one goes.
    if (prototype_pid_ > 0) {
        const pid_t old = prototype_pid_;
        prototype_pid_ = 0;
        prototype_link_.reset();
        prototype_control_fd_ = -1;
        ::kill(old, SIGTERM);
    }
    if (settings_.prototype && !start_prototype()) {
        obs::log(lvl::warn, "pool {}: prototype unavailable, starting workers directly", settings_.name);
    }
    spawn_replacements();
}

void Pool::begin_shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    spawn_timer_.cancel();
    lifetime_timer_.cancel();
    scaling_timer_.cancel();
    for (Waiter* waiter : waiters_) waiter->timer.cancel();
    std::vector<std::shared_ptr<Worker>> all;
    for (const auto& [id, w] : workers_) all.push_back(w);
    for (const auto& w : all) {
        if (w->state == WorkerState::busy) {
            w->retire_reason = policy::RetireReason::shutdown;
        } else {
            retire(w, policy::RetireReason::shutdown);
        }
    }
    if (prototype_link_) prototype_link_->close();  // the prototype exits on EOF
}

void Pool::kill_all() {
    for (const auto& [id, w] : workers_) {
        if (w->pid > 0) {
            w->killed = true;
            ::kill(w->pid, SIGKILL);
        }
    }
    if (prototype_pid_ > 0) ::kill(prototype_pid_, SIGKILL);
}

bool Pool::stopped() const { return shutting_down_ && workers_.empty() && prototype_pid_ == 0; }

void Pool::update_gauges() {
    const auto s = status();
    max_busy_ = std::max(max_busy_, s.busy);
    metrics_.set_workers(settings_.name, static_cast<double>(s.busy), static_cast<double>(s.idle), static_cast<double>(s.total));
    metrics_.set_queue_depth(settings_.name, static_cast<double>(s.queue_depth));
    pressure_.observe(policy::under_pressure(s.queue_depth, s.idle, s.busy, s.starting), Clock::now());
}

// The master never leases a direct worker: what it serves is read from its scoreboard slot
// whenever the pool is looked at (/status, /fpm-status, gauges).
void Pool::read_direct_activity(Worker& w) const {
    const ScoreboardSlot* slot = slot_of(w);
    const std::int64_t started = slot ? slot->request_started_ns.load(std::memory_order_acquire) : 0;
    w.serving_directly = started != 0;
    if (!w.serving_directly) return;
    w.current_method = slot->method;
    w.current_uri = slot->uri;
    // CLOCK_MONOTONIC is the steady clock here.
    w.request_started_at = Clock::time_point(std::chrono::nanoseconds(started));
}

void Pool::read_direct_activity() const {
    if (!scoreboard_) return;
    for (const auto& [id, w] : workers_) read_direct_activity(*w);
}

PoolStatus Pool::status() const {
    read_direct_activity();
    PoolStatus s;
    for (const auto& [id, w] : workers_) {
        switch (w->state) {
            case WorkerState::idle: ++(w->serving_directly ? s.busy : s.idle); break;
            case WorkerState::busy: ++s.busy; break;
            case WorkerState::starting: ++s.starting; break;
            case WorkerState::retiring: ++s.retiring; break;
        }
    }
    s.total = workers_.size();
    s.queue_depth = waiters_.size();
    s.target = target_;
    s.accepted = accepted_;
    s.max_queue_depth = max_queue_depth_;
    s.max_busy = max_busy_;
    s.queue_rejections = queue_rejections_;
    s.ready = !shutting_down_ && (s.idle + s.busy) > 0 && respawn_.ready(Clock::now());
    return s;
}

std::vector<std::shared_ptr<const Worker>> Pool::workers() const {
    read_direct_activity();
    std::vector<std::shared_ptr<const Worker>> out;
    for (const auto& [id, w] : workers_) out.push_back(w);
    return out;
}

}  // namespace runtime::pool
