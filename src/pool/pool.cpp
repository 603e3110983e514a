#include "runtime/pool/pool.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "runtime/obs/log.hpp"
#include "runtime/obs/request_notes.hpp"
#include "runtime/policy/deadlines.hpp"
#include "runtime/policy/request_classification.hpp"
#include "runtime/policy/retirement.hpp"
#include "runtime/worker/process.hpp"

namespace runtime::pool {

using Clock = std::chrono::steady_clock;
namespace lvl = spdlog::level;

// ttl and idle_ttl are whole seconds: checking once a second retires within a second of the limit.
constexpr std::chrono::seconds lifetime_check_interval{1};

namespace {

// The worker said it retires because opcache restarts (runtime_opcache.c).
bool worker_retires_for_opcache(const ipc::RequestDone& done) {
    for (const auto& [key, value] : done.annotations)
        if (key == "retire" && value == "opcache_restart") return true;
    return false;
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
    s.unsafe = w.last_outcome == RequestOutcome::reset_failed;
    return s;
}

std::string describe_exit(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return "signal " + std::to_string(sig) + " (" + sigabbrev_np(sig) + ")";
    }
    return "exit code " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

Pool::Pool(asio::any_io_executor executor, config::PoolSettings settings, PoolPaths paths, obs::Metrics& metrics,
           std::unique_ptr<Launcher> launcher)
    : executor_(executor),
      settings_(std::move(settings)),
      paths_(std::move(paths)),
      metrics_(metrics),
      gauges_(metrics.pool_gauges(settings_.name)),
      respawn_(settings_.policy),
      launcher_(std::move(launcher)),
      dispatcher_(
          executor, table_,
          [this](std::size_t waiting, std::optional<policy::TimePoint> oldest, policy::TimePoint now) {
              return admit(waiting, oldest, now);
          },
          [this] { update_gauges(); }),
      spawn_timer_(executor),
      lifetime_timer_(executor),
      scaling_timer_(executor),
      target_(scaling_tuning(settings_).min_workers),
      started_wall_(std::chrono::system_clock::now()) {
    if (!launcher_) {
        launcher_ = std::make_unique<ProcessLauncher>(executor, settings_.name,
                                                      [this](std::uint64_t id, pid_t pid) { worker_forked(id, pid); });
    }
}

Pool::~Pool() {
    for (const auto& [id, w] : table_) launcher_->signal(w->pid, SIGKILL);
}

void Pool::set_state(Worker& w, WorkerState next) {
    if (table_.set_state(w, next)) return;
    // A bug, not an event of the workers: the record keeps its state and the pool goes on.
    if (table_.contains(w))
        obs::log(lvl::err, "pool {}: worker id={} pid={} cannot go from {} to {}", settings_.name, w.id, w.pid,
                 to_string(w.state()), to_string(next));
}

LaunchSpec Pool::launch_spec() const {
    // The app's environment is the process environment of the PHP side.
    LaunchSpec spec{paths_.worker_binary, settings_.env, {}};
    if (direct_listener_ >= 0) spec.inherited = {direct_listener_, scoreboard_->fd()};
    return spec;
}

worker::WorkerOptions Pool::options_for(worker::Role role) const {
    return worker_options(settings_, paths_, role, LaunchContext{direct_listener_ >= 0, preflight_files_});
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

ScoreboardSlot* Pool::slot_of(const Worker& w) const {
    if (!scoreboard_) return nullptr;
    ScoreboardSlot& slot = scoreboard_->slot_of(w.id);
    return slot.worker_id.load(std::memory_order_relaxed) == w.id ? &slot : nullptr;
}

void Pool::start() {
    if (settings_.prototype) start_prototype();
    metrics_.set_target_workers(settings_.name, static_cast<double>(target_));
    spawn_replacements();
    schedule_lifetime_check();
    if (elastic()) schedule_scaling_check();
}

void Pool::start_prototype() {
    if (!launcher_->start_prototype(launch_spec(), options_for(worker::Role::prototype)))
        obs::log(lvl::warn, "pool {}: prototype unavailable, starting workers directly", settings_.name);
}

void Pool::worker_forked(std::uint64_t worker_id, pid_t pid) {
    if (auto w = table_.find(worker_id)) w->pid = pid;
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
    for (const auto& w : dispatcher_.idle()) {
        const auto decision = policy::decide_when_idle(snapshot_of(*w), settings_.policy, now);
        if (decision.retires()) expired.emplace_back(w, decision);
    }
    // retire() edits the idle stack, hence the separate pass.
    for (const auto& [w, decision] : expired) {
        obs::log(lvl::info, "pool {}: worker pid={} reached {} ({}s, limit {}s)", settings_.name, w->pid,
                 policy::to_string(decision.reason), decision.observed, decision.limit);
        retire(w, decision.reason);
    }
}

std::size_t Pool::serving_workers() const { return table_.count(WorkerState::idle) + table_.count(WorkerState::busy); }

policy::PoolSnapshot Pool::capacity_snapshot() const {
    // Old-generation workers are never capacity: a reload replaces them all.
    policy::PoolSnapshot snapshot;
    for (const auto& [id, w] : table_) {
        if (w->generation != generation_) continue;
        switch (w->state()) {
            case WorkerState::starting: ++snapshot.booting; break;
            case WorkerState::idle: ++snapshot.ready; break;
            case WorkerState::busy: ++snapshot.busy; break;
            case WorkerState::retiring: ++snapshot.draining; break;
        }
    }
    return snapshot;
}

void Pool::spawn_replacements() {
    if (shutting_down_) return;
    if (reload_plan_) {
        advance_reload();
        return;
    }
    int missing = policy::workers_to_spawn(capacity_snapshot(), static_cast<int>(target_));
    for (; missing > 0; --missing) {
        if (respawn_.next_delay(Clock::now()).count() > 0) {
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
    auto options = options_for(worker::Role::worker);
    options.worker_id = w->id;
    auto launched = launcher_->launch(w->id, launch_spec(), options, w);
    if (!launched) {
        obs::log(lvl::err, "pool {}: cannot start a worker: {}", settings_.name, launched.error().message);
        return;
    }
    w->pid = launched->pid;
    w->link = std::make_unique<ipc::WorkerLink>(executor_, std::move(launched->channel));
    table_.add(w);
    asio::co_spawn(executor_, boot(w), asio::detached);
    update_gauges();
}

asio::awaitable<void> Pool::boot(std::shared_ptr<Worker> w) {
    auto frame = co_await w->link->read();
    if (!frame && frame.error().code == ErrorCode::malformed && table_.contains(*w)) {
        // Alive but speaking garbage: it would sit in `starting` for good.
        obs::log(lvl::err, "pool {}: worker pid={} broke the IPC protocol while booting: {}", settings_.name, w->pid,
                 frame.error().message);
        abandon(w, RequestOutcome::crashed);
        co_return;
    }
    if (!frame) {
        // Died while booting: on_child_exit reports it. Without a pid no exit will ever name it
        // (the prototype could not fork it, or exited before reading the spawn request).
        if (w->pid == 0 && table_.contains(*w)) {
            obs::log(lvl::err, "pool {}: worker id={} closed its socket before it had a pid (not forked)",
                     settings_.name, w->id);
            forget(w, policy::RetireReason::boot_failure, /*count_failure=*/w->generation == generation_);
        }
        co_return;
    }
    if (!table_.contains(*w)) co_return;  // its exit was reaped while this frame was in flight
    if (frame->type == ipc::FrameType::boot_failed) {
        obs::log(lvl::err, "pool {}: worker pid={} failed to boot: {}", settings_.name, w->pid, frame->payload);
        w->retire_reason = policy::RetireReason::boot_failure;
        set_state(*w, WorkerState::retiring);
        update_gauges();
        co_return;
    }
    auto ready = frame->type == ipc::FrameType::worker_ready
                     ? ipc::decode_worker_ready(frame->payload)
                     : Result<ipc::WorkerReady>(Error{ErrorCode::malformed, "unexpected frame"});
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
        if (frame->type != ipc::FrameType::request_done || !table_.contains(*w)) continue;
        auto done = ipc::decode_request_done(frame->payload);
        if (!done) continue;
        // The request this report closes was served without the master: account for it as
        // proxied dispatch does when a leased worker reports.
        if (w->state() == WorkerState::idle) {
            dispatcher_.withdraw(*w);
            set_state(*w, WorkerState::busy);
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
    dispatcher_.count_accepted(served);
    w.requests_served = slot->requests_served.load(std::memory_order_relaxed);
    w.last_request_finished_at = Clock::now();  // idle_ttl counts from its latest request
}

// Once a second: the counts of direct workers reach the metrics, and a direct worker past the
// request timeout is killed, as a proxied one is (nginx answers 502).
void Pool::watch_direct_workers() {
    if (!scoreboard_) return;
    const auto now = Clock::now();
    for (const auto& [id, w] : table_) {
        harvest_direct_counts(*w);
        read_direct_activity(*w);
        if (!w->serving_directly || w->killed) continue;
        const auto deadline = policy::exec_deadline(w->request_started_at, settings_.policy);
        if (deadline && now > *deadline) kill_for_timeout(w);
    }
}

void Pool::advance_reload() {
    if (!reload_plan_ || shutting_down_) return;
    std::vector<policy::OldWorker> old_workers;
    policy::ReloadProgress progress;
    for (const auto& [id, w] : table_) {
        const bool serving = w->state() == WorkerState::idle || w->state() == WorkerState::busy;
        if (w->generation < generation_) {
            // An old worker still booting is not capacity: boot() retires it once it is ready.
            if (serving && !w->retire_reason)
                old_workers.push_back({w->id, w->state() == WorkerState::busy, w->started_at});
        } else if (w->state() == WorkerState::starting) {
            ++progress.new_booting;
        } else if (serving) {
            ++progress.new_serving;
        }
    }
    progress.old_workers = old_workers;
    const auto step = reload_plan_->step(progress);
    for (const auto id : step.retire) {
        const std::shared_ptr<Worker> old = table_.find(id);
        if (!old) continue;
        if (old->state() == WorkerState::busy) {
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
    if (w->state() == WorkerState::retiring || !table_.contains(*w)) return;
    w->current_method.clear();
    w->current_uri.clear();
    w->current_request_id = 0;
    // Not serving any more: a retirement decided during the request (reload, shutdown) must
    // now tell the worker to exit.
    if (w->state() != WorkerState::idle) set_state(*w, WorkerState::idle);
    if (w->retire_reason) {
        retire(w, *w->retire_reason);
        return;
    }
    dispatcher_.offer(w);
}

policy::Admission Pool::admit(std::size_t waiting, std::optional<policy::TimePoint> oldest,
                              policy::TimePoint now) const {
    if (shutting_down_) return policy::Admission{false, policy::RejectReason::unavailable, std::chrono::seconds(1)};
    const auto failing = policy::admit_while_failing(serving_workers(), respawn_.backoff(), now);
    if (!failing.accepted) return failing;
    return policy::admit(waiting, oldest, settings_.policy, now);
}

asio::awaitable<Lease> Pool::acquire(AcquireOptions options) {
    Handout handout = co_await dispatcher_.acquire(settings_.policy.queue_wait, options);
    if (handout.waited.count() > 0) metrics_.queue_wait_seconds(std::chrono::duration<double>(handout.waited).count());
    if (handout.rejection) metrics_.queue_rejected(policy::to_string(handout.rejection->reason));
    co_return Lease(*this, alive_, std::move(handout.worker), handout.rejection, handout.waited);
}

void Pool::record_report(const std::shared_ptr<Worker>& w, const ipc::RequestDone& done, Clock::time_point now) {
    // Logged when a pause starts, so a slow route logs at most once per pause.
    if (const auto ended = std::exchange(w->response_ended_at, std::nullopt);
        ended && now - *ended > policy::slow_turnaround) {
        if (!policy::hand_over_paused(last_slow_turnaround_, now))
            obs::log(lvl::info,
                     "pool {}: worker pid={} took {} ms from response end to report (terminate listeners, reset); "
                     "requests are not handed over before reports for {}s",
                     settings_.name, w->pid,
                     std::chrono::duration_cast<std::chrono::milliseconds>(now - *ended).count(),
                     policy::hand_over_pause.count());
        last_slow_turnaround_ = now;
    }
    w->requests_served = done.requests_served;
    const bool rss_measured = done.rss_bytes != 0;
    if (rss_measured) w->rss_bytes = done.rss_bytes;
    w->php_memory_bytes = done.php_memory_bytes;
    w->last_outcome = done.outcome;
    w->last_request_finished_at = now;
    w->consecutive_failures = policy::consecutive_failures_after(w->consecutive_failures, w->last_outcome, done.status);
    // Its exit may have been reaped before this report was read: no series for a gone pid.
    if (rss_measured && table_.contains(*w))
        metrics_.set_worker_memory(static_cast<std::uint32_t>(w->pid), static_cast<double>(w->rss_bytes));
    if (done.reset_ns) metrics_.reset_seconds(static_cast<double>(done.reset_ns) / 1e9);
    if (done.outcome == RequestOutcome::reset_failed) {
        obs::log(lvl::err, "pool {}: services reset failed on worker pid={}: {}", settings_.name, w->pid, done.detail);
    } else if (done.outcome == RequestOutcome::uncaught_exception || done.outcome == RequestOutcome::fatal_error) {
        obs::log_with(lvl::err, log_fields_of(settings_.name, *w), "pool {}: worker pid={} {} on {} {}: {}",
                      settings_.name, w->pid, to_string(done.outcome), w->current_method, w->current_uri, done.detail);
    }
}

std::optional<policy::RetireReason> Pool::retirement_after(const Worker& w, const ipc::RequestDone& done,
                                                           Clock::time_point now) const {
    if (const auto decision = policy::decide_after_request(snapshot_of(w), settings_.policy, now); decision.retires())
        return decision.reason;
    if (worker_retires_for_opcache(done)) return policy::RetireReason::opcache_restart;
    if (done.will_exit) return policy::RetireReason::max_requests;  // the worker's own guard
    return std::nullopt;
}

void Pool::finish(const std::shared_ptr<Worker>& w, const ipc::RequestDone& done) {
    const auto now = Clock::now();
    record_report(w, done, now);
    if (!table_.contains(*w)) return;  // already reaped: nothing left to decide
    // The request is over: a retirement decided below must tell the worker to exit.
    if (w->state() == WorkerState::busy) set_state(*w, WorkerState::idle);
    const auto reason = retirement_after(*w, done, now);
    if (!reason) {
        make_idle(w);
        return;
    }
    retire(w, *reason);
    if (*reason == policy::RetireReason::opcache_restart) retire_idle_for_opcache_restart();
}

bool Pool::hand_over(const std::shared_ptr<Worker>& w) {
    if (shutting_down_ || w->retire_reason || w->generation != generation_ || !table_.contains(*w)) return false;
    const auto now = Clock::now();
    if (policy::hand_over_paused(last_slow_turnaround_, now)) return false;
    if (!policy::may_hand_over_before_report(snapshot_of(*w), settings_.policy, now)) return false;
    return dispatcher_.hand_over(w);
}

bool Pool::settle_report(const std::shared_ptr<Worker>& w, const ipc::RequestDone& done) {
    const auto now = Clock::now();
    record_report(w, done, now);
    if (!table_.contains(*w)) return false;  // already reaped
    const auto reason = retirement_after(*w, done, now);
    if (!reason) return true;
    if (done.will_exit) {
        // It exits without reading the handed request, which goes back to the queue.
        retire(w, *reason);
    } else {
        // Unforeseen (memory grew past a ceiling): it serves the handed request, then retires.
        w->retire_reason = *reason;
    }
    if (*reason == policy::RetireReason::opcache_restart) retire_idle_for_opcache_restart();
    return !done.will_exit;
}

void Pool::retire_idle_for_opcache_restart() {
    const auto idle = dispatcher_.idle();
    for (const auto& w : idle) retire(w, policy::RetireReason::opcache_restart);
}

void Pool::abandon(const std::shared_ptr<Worker>& w, policy::RequestOutcome outcome) {
    w->last_outcome = outcome;
    if (w->state() == WorkerState::retiring) return;
    retire(w, outcome == RequestOutcome::timeout ? policy::RetireReason::exec_timeout : policy::RetireReason::crash);
    if (w->pid > 0 && !w->killed) {
        w->killed = true;
        launcher_->signal(w->pid, SIGKILL);  // its state is unknown: never let it serve again
    }
}

void Pool::kill_for_timeout(const std::shared_ptr<Worker>& w) {
    obs::log(lvl::warn, "pool {}: request timeout ({}s) on worker pid={}: {} {}; killing it", settings_.name,
             settings_.policy.request_timeout.count(), w->pid, w->current_method, w->current_uri);
    w->retire_reason = policy::RetireReason::exec_timeout;
    w->killed = true;
    launcher_->signal(w->pid, SIGKILL);
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
    const bool was_busy = w->state() == WorkerState::busy;
    if (w->state() == WorkerState::retiring && w->retire_reason) return;
    w->retire_reason = reason;
    set_state(*w, WorkerState::retiring);
    dispatcher_.withdraw(*w);
    obs::log(lvl::info, "pool {}: recycling worker pid={} reason={}{} requests={} rss={}", settings_.name, w->pid,
             policy::to_string(reason),
             policy::detail_of(reason).empty() ? "" : "/" + std::string(policy::detail_of(reason)), w->requests_served,
             w->rss_bytes);
    if (!was_busy) send_shutdown(w);
    // Capacity holds: the replacement boots while this worker finishes and exits.
    if (!shutting_down_ && !w->replacement_spawned && w->generation == generation_) {
        w->replacement_spawned = true;
        if (policy::workers_to_spawn(capacity_snapshot(), static_cast<int>(target_)) > 0) {
            if (respawn_.next_delay(Clock::now()).count() == 0) {
                spawn_one(Clock::now());
            } else {
                schedule_spawn();
            }
        }
    }
    update_gauges();
}

bool Pool::on_child_exit(pid_t pid, int status) {
    if (launcher_->prototype_exited(pid)) {
        obs::log(shutting_down_ ? lvl::info : lvl::err, "pool {}: prototype pid={} exited with {}", settings_.name, pid,
                 describe_exit(status));
        if (!shutting_down_ && settings_.prototype) start_prototype();
        return true;
    }
    auto w = table_.find_pid(pid);
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
    if (reason == policy::RetireReason::boot_failure && w->state() == WorkerState::starting) {
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

void Pool::forget(const std::shared_ptr<Worker>& w, policy::RetireReason reason, bool count_failure) {
    if (count_failure) respawn_.on_retired(reason, Clock::now(), /*had_booted=*/w->ready_at != policy::TimePoint{});
    last_exit_reason_ = reason;
    metrics_.worker_restarted(policy::to_string(reason));
    set_state(*w, WorkerState::retiring);
    if (w->link) w->link->close();
    dispatcher_.withdraw(*w);
    table_.remove(*w);
    spawn_replacements();
    update_gauges();
}

void Pool::reload(std::optional<config::PoolSettings> new_settings) {
    if (shutting_down_) return;
    if (new_settings) settings_ = std::move(*new_settings);
    const policy::ScalingTuning bounds = scaling_tuning(settings_);
    target_ = std::clamp(target_, bounds.min_workers, bounds.max_workers);
    metrics_.set_target_workers(settings_.name, static_cast<double>(target_));
    scaling_timer_.cancel();
    if (elastic()) schedule_scaling_check();
    respawn_ = policy::RespawnController(settings_.policy);
    spawn_timer_.cancel();  // a backoff delay still running no longer applies
    ++generation_;
    const std::size_t to_replace = table_.size() - table_.count(WorkerState::retiring);
    // No abort: once the files changed on disk the old code cannot come back (docs/policy.md);
    // old workers keep serving until new ones are ready, failed boots retry with backoff.
    reload_plan_.emplace(static_cast<int>(target_),
                         policy::ReloadTuning{.max_surge_percent = 25, .abort_after_boot_failures = 0});
    obs::log(lvl::info, "pool {}: rolling reload to generation {} ({} workers to replace)", settings_.name, generation_,
             to_replace);
    // A new prototype compiles the new code (and applies new settings); the old one goes.
    launcher_->drop_prototype(/*terminate=*/true);
    if (settings_.prototype) start_prototype();
    spawn_replacements();
}

void Pool::begin_shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    spawn_timer_.cancel();
    lifetime_timer_.cancel();
    scaling_timer_.cancel();
    dispatcher_.release_waiters();
    std::vector<std::shared_ptr<Worker>> all;
    for (const auto& [id, w] : table_) all.push_back(w);
    for (const auto& w : all) {
        if (w->state() == WorkerState::busy) {
            w->retire_reason = policy::RetireReason::shutdown;
        } else {
            retire(w, policy::RetireReason::shutdown);
        }
    }
    launcher_->drop_prototype(/*terminate=*/false);  // the prototype exits on EOF
}

void Pool::kill_all() {
    for (const auto& [id, w] : table_) {
        if (w->pid > 0) {
            w->killed = true;
            launcher_->signal(w->pid, SIGKILL);
        }
    }
    launcher_->kill_prototype();
}

bool Pool::stopped() const { return shutting_down_ && table_.empty() && !launcher_->has_prototype(); }

// Per-state counts are kept by the table, so this costs no walk over the workers (direct
// dispatch aside: whether a direct worker serves is read from its slot).
void Pool::update_gauges() {
    std::size_t busy = table_.count(WorkerState::busy);
    std::size_t idle = table_.count(WorkerState::idle);
    if (scoreboard_) {
        const PoolStatus s = status();
        busy = s.busy;
        idle = s.idle;
    }
    const std::size_t starting = table_.count(WorkerState::starting);
    const std::size_t queued = dispatcher_.queue_depth();
    max_busy_ = std::max(max_busy_, busy);
    gauges_.busy->Set(static_cast<double>(busy));
    gauges_.idle->Set(static_cast<double>(idle));
    gauges_.total->Set(static_cast<double>(table_.size()));
    gauges_.queue_depth->Set(static_cast<double>(queued));
    pressure_.observe(policy::under_pressure(queued, idle, busy, starting), Clock::now());
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
    for (const auto& [id, w] : table_) read_direct_activity(*w);
}

PoolStatus Pool::status() const {
    PoolStatus s;
    s.idle = table_.count(WorkerState::idle);
    s.busy = table_.count(WorkerState::busy);
    s.starting = table_.count(WorkerState::starting);
    s.retiring = table_.count(WorkerState::retiring);
    if (scoreboard_) {
        // A direct worker is idle to the master while its slot shows a request in flight.
        read_direct_activity();
        for (const auto& [id, w] : table_) {
            if (w->state() == WorkerState::idle && w->serving_directly) {
                --s.idle;
                ++s.busy;
            }
        }
    }
    const DispatchCounts counts = dispatcher_.counts();
    s.total = table_.size();
    s.queue_depth = dispatcher_.queue_depth();
    s.target = target_;
    s.accepted = counts.accepted;
    s.max_queue_depth = counts.max_queue_depth;
    s.max_busy = max_busy_;
    s.queue_rejections = counts.queue_rejections;
    s.ready = !shutting_down_ && (s.idle + s.busy) > 0 && respawn_.ready(Clock::now());
    return s;
}

std::vector<std::shared_ptr<const Worker>> Pool::workers() const {
    read_direct_activity();
    std::vector<std::shared_ptr<const Worker>> out;
    for (const auto& [id, w] : table_) out.push_back(w);
    return out;
}

}  // namespace runtime::pool
