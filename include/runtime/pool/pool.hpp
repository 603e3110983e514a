#pragma once
// The lifecycle of one pool's workers: it launches them (through a Launcher), offers the ready
// ones to the Dispatcher, carries out the policy engine's decisions after each request and on
// its timers, reaps exits, respawns with backoff, reloads and shuts down. The worker table
// holds the records and their states. Runs on the master's single io_context thread.
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/common/result.hpp"
#include "runtime/common/scoreboard.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/obs/metrics.hpp"
#include "runtime/policy/admission.hpp"
#include "runtime/policy/capacity.hpp"
#include "runtime/policy/reload_plan.hpp"
#include "runtime/policy/respawn_controller.hpp"
#include "runtime/policy/scaling.hpp"
#include "runtime/pool/dispatcher.hpp"
#include "runtime/pool/launcher.hpp"
#include "runtime/pool/lease.hpp"
#include "runtime/pool/pool_settings.hpp"
#include "runtime/pool/worker.hpp"
#include "runtime/pool/worker_table.hpp"

namespace runtime::pool {

namespace asio = boost::asio;

struct PoolStatus {
    std::size_t idle = 0, busy = 0, starting = 0, retiring = 0, total = 0;
    std::size_t queue_depth = 0;
    std::size_t target = 0;  // workers the pool aims for (min_workers..max_workers)
    std::uint64_t accepted = 0;
    std::size_t max_queue_depth = 0;
    std::size_t max_busy = 0;
    std::uint64_t queue_rejections = 0;
    bool ready = false;
};

class Pool {
public:
    // Without a launcher the pool starts real processes (ProcessLauncher).
    Pool(asio::any_io_executor executor, config::PoolSettings settings, PoolPaths paths, obs::Metrics& metrics,
         std::unique_ptr<Launcher> launcher = nullptr);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // Direct dispatch (pools[].dispatch: direct), before start(): the workers accept on this
    // listener themselves; the master keeps it open for the workers it forks later and never
    // accepts on it.
    Result<bool> serve_directly(int listener_fd);
    void start();
    // Waits for an idle worker within the queue limits.
    asio::awaitable<Lease> acquire(AcquireOptions options = {});

    // Rolling reload to a new generation (new prototype, so changed code is picked up), with
    // new settings if given. The respawn backoff starts over: the operator fixed something.
    void reload(std::optional<config::PoolSettings> new_settings = std::nullopt);
    // Development mode: PHP files the next generation checks for syntax errors before it
    // reports ready (a broken file fails the boot, so the old workers keep serving).
    void set_preflight_files(std::vector<std::string> files) { preflight_files_ = std::move(files); }
    // Stops taking requests; idle workers exit now, busy ones after their request.
    void begin_shutdown();
    // SIGKILL what is left (grace period over).
    void kill_all();
    bool stopped() const;

    PoolStatus status() const;
    const config::PoolSettings& settings() const { return settings_; }
    obs::Metrics& metrics() const { return metrics_; }
    std::vector<std::shared_ptr<const Worker>> workers() const;
    std::chrono::system_clock::time_point started_at() const { return started_wall_; }
    // Why the most recent worker of this pool went away (for /status); none yet: nullopt.
    std::optional<policy::RetireReason> last_exit_reason() const { return last_exit_reason_; }

    // SIGCHLD: the pid exited with this wait status. Returns false if the pid is not ours.
    bool on_child_exit(pid_t pid, int wait_status);

private:
    friend class Lease;  // ends a lease through the functions below

    // The request on this worker ended with the worker's report: apply the policy.
    void finish(const std::shared_ptr<Worker>& worker, const ipc::RequestDone& done);
    // Turnaround hiding: the response on this busy worker is complete, its report not read
    // yet; the oldest waiting request takes it now if the policy foresees no retirement.
    // Returns whether one did (the worker's owed_report is then set).
    bool hand_over(const std::shared_ptr<Worker>& worker);
    // The report owed by a handed-over worker arrived: record it and apply the policy.
    // Returns false when the worker exits now, without reading the handed request; a
    // retirement it cannot announce that way waits until the handed request is done.
    bool settle_report(const std::shared_ptr<Worker>& worker, const ipc::RequestDone& done);
    void record_report(const std::shared_ptr<Worker>& worker, const ipc::RequestDone& done,
                       std::chrono::steady_clock::time_point now);
    std::optional<policy::RetireReason> retirement_after(const Worker& worker, const ipc::RequestDone& done,
                                                         std::chrono::steady_clock::time_point now) const;
    // The worker never ran the request (its body was cut short): it is idle again.
    void release_unused(const std::shared_ptr<Worker>& worker) { make_idle(worker); }
    // The request on this worker ended without a report (crash, timeout, protocol error).
    void abandon(const std::shared_ptr<Worker>& worker, policy::RequestOutcome outcome);
    // Request timeout: SIGKILL the worker; the exchange sees its socket close.
    void kill_for_timeout(const std::shared_ptr<Worker>& worker);

    void set_state(Worker& worker, WorkerState next);
    policy::Admission admit(std::size_t waiting, std::optional<policy::TimePoint> oldest, policy::TimePoint now) const;
    void spawn_one(std::optional<policy::TimePoint> replacing_since);
    void spawn_replacements();
    void schedule_spawn();
    // Once a second: idle workers past ttl or idle_ttl retire (busy ones are judged when their
    // request ends, by decide_after_request).
    void schedule_lifetime_check();
    void retire_expired_idle_workers();
    // opcache is restarting: idle workers hold its shared memory too (their classes live
    // there), so they retire now and the restart runs once the old workers are gone.
    void retire_idle_for_opcache_restart();
    // Elastic pools: every scaling_check_interval the policy engine decides whether to add or
    // remove workers (pool_scaling.cpp).
    bool elastic() const { return pool::elastic(settings_); }
    void schedule_scaling_check();
    void check_scaling();
    policy::PoolLoad current_load(std::vector<policy::TimePoint>& idle_since) const;
    void apply_scale(const policy::ScaleDecision& decision, std::size_t queue_depth);
    void retire_surplus_idle(std::size_t count);
    void report_scale(const policy::ScaleDecision& decision);
    std::size_t serving_workers() const;
    void start_prototype();
    LaunchSpec launch_spec() const;
    worker::WorkerOptions options_for(worker::Role role) const;
    asio::awaitable<void> boot(std::shared_ptr<Worker> worker);
    // The prototype forked this worker.
    void worker_forked(std::uint64_t worker_id, pid_t pid);
    void make_idle(const std::shared_ptr<Worker>& worker);
    // Rolling reload: asks the ReloadPlan what to spawn and which old workers to retire.
    void advance_reload();
    void retire(const std::shared_ptr<Worker>& worker, policy::RetireReason reason);
    void send_shutdown(const std::shared_ptr<Worker>& worker);
    // This generation's workers by state, as the capacity rule counts them.
    policy::PoolSnapshot capacity_snapshot() const;
    void update_gauges();
    // Direct dispatch: the reports a worker sends after each request it served on its own.
    asio::awaitable<void> read_direct_reports(std::shared_ptr<Worker> worker);
    void watch_direct_workers();
    void read_direct_activity(Worker& worker) const;  // from its scoreboard slot
    void read_direct_activity() const;                // every worker
    // Moves the requests a direct worker counted in its slot into the metrics and its record.
    void harvest_direct_counts(Worker& worker);
    ScoreboardSlot* slot_of(const Worker& worker) const;
    // The worker is gone: stop tracking it and restore capacity. count_failure: feeds the
    // respawn backoff.
    void forget(const std::shared_ptr<Worker>& worker, policy::RetireReason reason, bool count_failure);

    asio::any_io_executor executor_;
    config::PoolSettings settings_;
    PoolPaths paths_;
    obs::Metrics& metrics_;
    obs::Metrics::PoolGauges gauges_;  // resolved once: set on every state change
    policy::RespawnController respawn_;
    std::unique_ptr<Launcher> launcher_;
    WorkerTable table_;
    Dispatcher dispatcher_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // leases check it before calling back

    std::uint64_t next_id_ = 1;
    std::uint64_t generation_ = 1;
    std::optional<policy::TimePoint> last_slow_turnaround_;  // pauses turnaround hiding
    std::optional<policy::ReloadPlan> reload_plan_;  // while a rolling reload is in progress
    bool shutting_down_ = false;
    bool spawn_scheduled_ = false;
    asio::steady_timer spawn_timer_;
    asio::steady_timer lifetime_timer_;
    asio::steady_timer scaling_timer_;
    std::size_t target_ = 0;  // desired live workers; fixed pools: settings_.workers
    policy::PressureTracker pressure_;
    std::optional<policy::TimePoint> last_scale_up_;
    bool budget_refusal_reported_ = false;  // once per episode of pressure
    std::vector<std::string> preflight_files_;

    int direct_listener_ = -1;
    std::optional<Scoreboard> scoreboard_;

    std::chrono::system_clock::time_point started_wall_;
    std::size_t max_busy_ = 0;
    std::optional<policy::RetireReason> last_exit_reason_;
};

}  // namespace runtime::pool
