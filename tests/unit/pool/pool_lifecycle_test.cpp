// The pool's lifecycle against a fake launcher: spawning to capacity, boot, leases, the policy
// after a request, recycling with a replacement, crashes, reload, shutdown. No process is
// forked; each worker is a socketpair the test speaks for.
#include "runtime/pool/pool.hpp"

#include <sys/wait.h>

#include <functional>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "fake_launcher.hpp"
#include "runtime/policy/retirement.hpp"
#include "runtime/worker/process.hpp"

namespace runtime::pool {
namespace {

using namespace std::chrono_literals;
using testing::FakeChild;
using testing::FakeLauncher;

constexpr int exited_cleanly = worker::exit_retired << 8;  // a wait status
constexpr int killed_by_sigkill = SIGKILL;
constexpr int crashed_with_sigsegv = SIGSEGV;

class PoolLifecycle : public ::testing::Test {
protected:
    void make_pool(unsigned workers = 2, std::uint64_t max_requests = 0, std::uint64_t max_rss_bytes = 0) {
        config::PoolSettings settings;
        settings.name = "unit";
        settings.workers = workers;
        settings.prototype = false;
        settings.policy.max_requests = max_requests;
        settings.policy.max_rss_bytes = max_rss_bytes;
        auto fake = std::make_unique<FakeLauncher>();
        launcher = fake.get();
        pool = std::make_unique<Pool>(io.get_executor(), settings, PoolPaths{"/nonexistent/worker", "boot.php"},
                                      metrics, std::move(fake));
    }

    // Runs the event loop until `done` holds (or a second passed).
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds patience = 1000ms) {
        const auto give_up = std::chrono::steady_clock::now() + patience;
        while (!done()) {
            if (std::chrono::steady_clock::now() > give_up) return false;
            io.restart();
            io.run_for(5ms);
        }
        return true;
    }

    void boot_all() {
        for (const auto& child : launcher->children) ASSERT_TRUE(testing::report_ready(child));
        ASSERT_TRUE(run_until([&] { return pool->status().starting == 0; }));
    }

    // A lease taken through the public path, as dispatch/ does.
    Lease lease_one() {
        std::optional<Lease> got;
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { got = co_await pool->acquire(); }, asio::detached);
        EXPECT_TRUE(run_until([&] { return got.has_value(); }));
        return got ? std::move(*got) : Lease();
    }

    // A request without a body waiting in the queue, which may take a worker before its report.
    void queue_bodiless(std::optional<Lease>& got, AcquireOptions options = AcquireOptions{true, false}) {
        asio::co_spawn(
            io, [&got, options, this]() -> asio::awaitable<void> { got = co_await pool->acquire(options); },
            asio::detached);
        run_until([&] { return pool->status().queue_depth == 1; }, 100ms);
    }

    // One worker, booted and leased.
    Lease single_worker_leased(std::uint64_t max_requests, std::uint64_t max_rss_bytes = 0) {
        make_pool(1, max_requests, max_rss_bytes);
        pool->start();
        boot_all();
        return lease_one();
    }

    // One request whose report comes `turnaround` after its response ended.
    void serve_with_turnaround(const std::string& uri, std::uint64_t served, std::chrono::milliseconds turnaround) {
        Lease lease = lease_one();
        lease.begin(LeasedRequest{"GET", uri, 0, served});
        lease.response_ended();
        std::this_thread::sleep_for(turnaround);
        ipc::RequestDone done;
        done.requests_served = served;
        lease.finish(done);
    }

    // `first` hands its worker over at response_end to a request queued behind it.
    Lease handed_over_from(Lease& first) {
        std::optional<Lease> next;
        queue_bodiless(next);
        EXPECT_TRUE(first.hand_over(std::chrono::steady_clock::now()));
        EXPECT_TRUE(run_until([&] { return next.has_value(); }));
        return next ? std::move(*next) : Lease();
    }

    const FakeChild& child_of(pid_t pid) const {
        for (const auto& child : launcher->children)
            if (child.pid == pid) return child;
        throw std::runtime_error("no such child");
    }

    // Runs the event loop (the master writes asynchronously) and looks for a shutdown frame.
    // By pid: the loop can launch workers, and children may then move.
    bool got_shutdown(pid_t pid) {
        bool seen = false;
        run_until(
            [&] {
                for (const auto& frame : testing::frames_received(child_of(pid)))
                    if (frame.type == ipc::FrameType::shutdown) seen = true;
                return seen;
            },
            100ms);
        return seen;
    }

    asio::io_context io;
    obs::Metrics metrics;
    FakeLauncher* launcher = nullptr;
    std::unique_ptr<Pool> pool;
};

TEST_F(PoolLifecycle, StartsWorkersUpToCapacityAndServesOnceTheyAreReady) {
    make_pool(2);
    pool->start();
    ASSERT_EQ(launcher->children.size(), 2u);
    EXPECT_EQ(pool->status().starting, 2u);
    EXPECT_FALSE(pool->status().ready);
    EXPECT_EQ(launcher->children[0].options.role, worker::Role::worker);
    EXPECT_EQ(launcher->children[0].options.pool_name, "unit");
    boot_all();
    const PoolStatus s = pool->status();
    EXPECT_EQ(s.idle, 2u);
    EXPECT_TRUE(s.ready);
}

TEST_F(PoolLifecycle, ALeaseMakesAWorkerBusyAndFinishingReturnsIt) {
    make_pool(1);
    pool->start();
    boot_all();
    Lease lease = lease_one();
    ASSERT_TRUE(lease);
    EXPECT_EQ(pool->status().busy, 1u);
    const auto deadline = lease.begin(LeasedRequest{"GET", "/x", 0, 42});
    EXPECT_TRUE(deadline.has_value());  // request_timeout defaults to 60 s
    EXPECT_EQ(lease.worker().current_uri, "/x");
    ipc::RequestDone done;
    done.requests_served = 1;
    lease.finish(done);
    EXPECT_FALSE(lease);
    const PoolStatus s = pool->status();
    EXPECT_EQ(s.idle, 1u);
    EXPECT_EQ(s.busy, 0u);
    EXPECT_EQ(pool->workers().front()->requests_served, 1u);
    EXPECT_TRUE(pool->workers().front()->current_uri.empty());
}

TEST_F(PoolLifecycle, ReachingMaxRequestsRetiresTheWorkerAndSpawnsItsReplacement) {
    make_pool(1, /*max_requests=*/2);
    pool->start();
    boot_all();
    Lease lease = lease_one();
    const pid_t first = lease.pid();
    ipc::RequestDone done;
    done.requests_served = 2;
    lease.finish(done);
    EXPECT_EQ(pool->status().retiring, 1u);
    ASSERT_EQ(launcher->children.size(), 2u) << "the replacement boots while the old worker exits";
    EXPECT_TRUE(got_shutdown(first));
    EXPECT_TRUE(pool->on_child_exit(first, exited_cleanly));
    EXPECT_EQ(pool->last_exit_reason(), policy::RetireReason::max_requests);
    ASSERT_TRUE(testing::report_ready(launcher->children[1]));
    ASSERT_TRUE(run_until([&] { return pool->status().idle == 1; }));
    EXPECT_EQ(pool->status().total, 1u);
}

TEST_F(PoolLifecycle, ALeaseDroppedWithoutAnOutcomeKillsTheWorker) {
    make_pool(1);
    pool->start();
    boot_all();
    pid_t pid = 0;
    {
        Lease lease = lease_one();
        pid = lease.pid();
        lease.begin(LeasedRequest{"POST", "/upload", 10, 1});
    }
    EXPECT_TRUE(launcher->was_signalled(pid, SIGKILL));
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_TRUE(pool->on_child_exit(pid, killed_by_sigkill));
    EXPECT_EQ(pool->last_exit_reason(), policy::RetireReason::crash);
}

TEST_F(PoolLifecycle, AReportedFatalErrorRetiresTheWorker) {
    make_pool(1);
    pool->start();
    boot_all();
    Lease lease = lease_one();
    ipc::RequestDone done;
    done.requests_served = 1;
    done.outcome = RequestOutcome::fatal_error;
    done.status = 500;
    lease.finish(done);
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_EQ(pool->workers().front()->retire_reason, policy::RetireReason::fatal_error);
}

TEST_F(PoolLifecycle, AnIdleWorkerThatCrashesIsReplaced) {
    make_pool(2);
    pool->start();
    boot_all();
    const pid_t victim = launcher->children[0].pid;
    EXPECT_TRUE(pool->on_child_exit(victim, crashed_with_sigsegv));
    EXPECT_EQ(pool->last_exit_reason(), policy::RetireReason::crash);
    EXPECT_EQ(pool->status().total, 2u);  // one serving, one booting in its place
    EXPECT_EQ(pool->status().starting, 1u);
    EXPECT_FALSE(pool->on_child_exit(4242, exited_cleanly)) << "not a pid of this pool";
}

TEST_F(PoolLifecycle, ATimedOutRequestKillsItsWorker) {
    make_pool(1);
    pool->start();
    boot_all();
    Lease lease = lease_one();
    lease.begin(LeasedRequest{"GET", "/slow", 0, 1});
    lease.kill_for_timeout();
    EXPECT_TRUE(launcher->was_signalled(lease.pid(), SIGKILL));
    lease.abandon(RequestOutcome::timeout);
    EXPECT_TRUE(pool->on_child_exit(launcher->children[0].pid, killed_by_sigkill));
    EXPECT_EQ(pool->last_exit_reason(), policy::RetireReason::exec_timeout);
}

TEST_F(PoolLifecycle, ARollingReloadRetiresOldWorkersOnlyOnceNewOnesAreReady) {
    make_pool(2);
    pool->start();
    boot_all();
    const pid_t old_a = launcher->children[0].pid, old_b = launcher->children[1].pid;
    pool->reload();
    ASSERT_GE(launcher->children.size(), 3u);
    EXPECT_FALSE(got_shutdown(old_a));
    EXPECT_FALSE(got_shutdown(old_b));
    // Every new worker becomes ready; the plan then retires the old ones.
    std::vector<bool> told;
    ASSERT_TRUE(run_until([&] {
        told.resize(launcher->children.size());
        for (std::size_t i = 2; i < launcher->children.size(); ++i) {
            if (!told[i]) told[i] = testing::report_ready(launcher->children[i]);
        }
        return pool->status().retiring == 2 && pool->status().idle == 2;
    }));
    EXPECT_TRUE(got_shutdown(old_a));
    EXPECT_TRUE(got_shutdown(old_b));
    EXPECT_TRUE(pool->on_child_exit(old_a, exited_cleanly));
    EXPECT_TRUE(pool->on_child_exit(old_b, exited_cleanly));
    EXPECT_EQ(pool->last_exit_reason(), policy::RetireReason::reload);
    EXPECT_EQ(pool->status().total, 2u);
}

TEST_F(PoolLifecycle, ShutdownLetsTheBusyWorkerFinishItsRequest) {
    make_pool(2);
    pool->start();
    boot_all();
    Lease lease = lease_one();
    const pid_t busy = lease.pid();
    pool->begin_shutdown();
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_FALSE(got_shutdown(busy));
    EXPECT_FALSE(pool->status().ready);
    ipc::RequestDone done;
    done.requests_served = 1;
    lease.finish(done);
    EXPECT_TRUE(got_shutdown(busy));
    for (const auto& child : launcher->children) pool->on_child_exit(child.pid, exited_cleanly);
    EXPECT_TRUE(pool->stopped());
}

TEST_F(PoolLifecycle, RequestsAreRefusedAfterShutdown) {
    make_pool(1);
    pool->start();
    boot_all();
    pool->begin_shutdown();
    Lease lease = lease_one();
    EXPECT_FALSE(lease);
    ASSERT_TRUE(lease.rejection());
    EXPECT_EQ(lease.rejection()->reason, policy::RejectReason::unavailable);
}

TEST_F(PoolLifecycle, AWorkerThatBreaksTheProtocolWhileBootingIsKilled) {
    make_pool(1);
    pool->start();
    const pid_t pid = launcher->children[0].pid;  // children grows: no reference kept
    std::string garbage = ipc::encode_frame(ipc::FrameType::worker_ready, "");
    garbage[6] = 1;  // a reserved header byte: the decoder refuses the frame (ErrorCode::malformed)
    ASSERT_EQ(::send(launcher->children[0].end.get(), garbage.data(), garbage.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(garbage.size()));
    ASSERT_TRUE(run_until([&] { return launcher->was_signalled(pid, SIGKILL); }));
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_EQ(launcher->children.size(), 2u) << "its replacement is on its way";
}

TEST_F(PoolLifecycle, AFailedLaunchLeavesNoRecordBehind) {
    make_pool(1);
    launcher->fail_launches = true;
    pool->start();
    EXPECT_EQ(pool->status().total, 0u);
    EXPECT_FALSE(pool->status().ready);
}

TEST_F(PoolLifecycle, SpawnOptionsComeFromThePureFunction) {
    make_pool(1);
    pool->start();
    ASSERT_EQ(launcher->children.size(), 1u);
    config::PoolSettings settings;
    settings.name = "unit";
    settings.workers = 1;
    settings.prototype = false;
    settings.policy.max_requests = 0;
    auto expected = worker_options(settings, PoolPaths{"/nonexistent/worker", "boot.php"}, worker::Role::worker, {});
    expected.worker_id = launcher->children[0].worker_id;
    EXPECT_EQ(worker::render_worker_args(launcher->children[0].options), worker::render_worker_args(expected));
}

// Turnaround hiding: at response_end the worker goes to the next waiting request, which reads
// the report on the previous one before its own response.
TEST_F(PoolLifecycle, AWorkerIsHandedOverAtResponseEndAndItsReportSettledByTheNextLease) {
    Lease first = single_worker_leased(/*max_requests=*/10);
    const auto started = std::chrono::steady_clock::now();
    first.begin(LeasedRequest{"GET", "/first", 0, 1});
    std::optional<Lease> next;
    queue_bodiless(next);
    ASSERT_TRUE(first.hand_over(started));
    EXPECT_FALSE(first);
    ASSERT_TRUE(run_until([&] { return next.has_value(); }));
    ASSERT_TRUE(*next);
    EXPECT_EQ(pool->status().busy, 1u);
    ASSERT_TRUE(next->owes_report());
    EXPECT_EQ(next->owed_report().uri, "/first");
    next->begin(LeasedRequest{"GET", "/second", 0, 2});
    ipc::RequestDone done;
    done.requests_served = 1;
    EXPECT_TRUE(next->settle(done));
    EXPECT_FALSE(next->owes_report());
    EXPECT_EQ(pool->workers().front()->requests_served, 1u);
    EXPECT_EQ(pool->status().busy, 1u) << "still serving the handed request";
    done.requests_served = 2;
    next->finish(done);
    EXPECT_EQ(pool->status().idle, 1u);
}

TEST_F(PoolLifecycle, NoHandOverWhenTheCurrentRequestIsTheWorkersLast) {
    make_pool(1, /*max_requests=*/2);
    pool->start();
    boot_all();
    Lease first = lease_one();
    ipc::RequestDone done;
    done.requests_served = 1;
    first.finish(done);
    Lease second = lease_one();  // its second and last request
    std::optional<Lease> next;
    queue_bodiless(next);
    EXPECT_FALSE(second.hand_over(std::chrono::steady_clock::now()));
    EXPECT_TRUE(second);
    EXPECT_FALSE(second.worker().owed_report);
}

TEST_F(PoolLifecycle, NoHandOverToAWaiterWithABodyOrWhileDraining) {
    make_pool(1);
    pool->start();
    boot_all();
    Lease first = lease_one();
    std::optional<Lease> with_body;
    queue_bodiless(with_body, AcquireOptions{});
    EXPECT_FALSE(first.hand_over(std::chrono::steady_clock::now()));
    pool->reload();  // the worker now belongs to the old generation
    EXPECT_FALSE(first.hand_over(std::chrono::steady_clock::now()));
}

TEST_F(PoolLifecycle, AWorkerThatExitsAfterItsReportLeavesTheHandedRequestUnread) {
    Lease first = single_worker_leased(/*max_requests=*/10);
    const pid_t pid = first.pid();
    Lease next = handed_over_from(first);
    ASSERT_TRUE(next);
    ipc::RequestDone done;
    done.requests_served = 1;
    done.outcome = RequestOutcome::fatal_error;
    done.status = 500;
    done.will_exit = true;
    EXPECT_FALSE(next.settle(done));
    EXPECT_FALSE(next) << "the lease ended: the request may go to another worker";
    EXPECT_FALSE(launcher->was_signalled(pid, SIGKILL)) << "it exits on its own";
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_EQ(pool->workers().front()->retire_reason, policy::RetireReason::fatal_error);
    EXPECT_TRUE(pool->on_child_exit(pid, exited_cleanly));
}

TEST_F(PoolLifecycle, AnUnforeseenRetirementWaitsForTheHandedRequest) {
    constexpr std::uint64_t MiB = 1024 * 1024;
    Lease first = single_worker_leased(/*max_requests=*/10, /*max_rss_bytes=*/256 * MiB);
    const pid_t pid = first.pid();
    Lease next = handed_over_from(first);
    ASSERT_TRUE(next);
    ipc::RequestDone done;
    done.requests_served = 1;
    done.rss_bytes = 300 * MiB;  // grew past the ceiling in one request
    EXPECT_TRUE(next.settle(done)) << "the worker reads the handed request";
    EXPECT_EQ(pool->status().busy, 1u);
    EXPECT_FALSE(got_shutdown(pid));
    done.requests_served = 2;
    next.finish(done);
    EXPECT_EQ(pool->status().retiring, 1u);
    EXPECT_TRUE(got_shutdown(pid));
}

TEST_F(PoolLifecycle, AWorkerLostBeforeItsReportIsKilledAndNamedForThePreviousRequest) {
    Lease first = single_worker_leased(/*max_requests=*/10);
    const pid_t pid = first.pid();
    first.begin(LeasedRequest{"GET", "/resetting", 0, 1});
    Lease next = handed_over_from(first);
    ASSERT_TRUE(next);
    next.begin(LeasedRequest{"GET", "/never-read", 0, 2});
    next.abandon(RequestOutcome::crashed);
    EXPECT_TRUE(launcher->was_signalled(pid, SIGKILL));
    EXPECT_EQ(pool->workers().front()->current_uri, "/resetting");
}

// Work after the response (kernel.terminate listeners) would hold a handed request back while
// another worker might free up first: a slow turnaround pauses handing over.
TEST_F(PoolLifecycle, ASlowTurnaroundPausesHandingOver) {
    make_pool(2, /*max_requests=*/100);
    pool->start();
    boot_all();
    serve_with_turnaround("/fast", 1, 0ms);
    serve_with_turnaround("/mails-after-response", 2, policy::slow_turnaround + 1ms);
    Lease next = lease_one();
    next.response_ended();
    std::optional<Lease> waiting;
    queue_bodiless(waiting);
    EXPECT_FALSE(next.hand_over(std::chrono::steady_clock::now()));
}

TEST_F(PoolLifecycle, AFastTurnaroundKeepsHandingOver) {
    make_pool(1, /*max_requests=*/100);
    pool->start();
    boot_all();
    serve_with_turnaround("/a", 1, 0ms);
    Lease second = lease_one();
    second.response_ended();
    EXPECT_TRUE(handed_over_from(second));
}

}  // namespace
}  // namespace runtime::pool
