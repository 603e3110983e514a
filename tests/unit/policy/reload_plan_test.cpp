#include "runtime/policy/reload_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;

// Old workers 1..n, idle, worker i started i seconds after t0 (1 is the oldest).
std::vector<OldWorker> idle_old_generation(int n) {
    std::vector<OldWorker> workers;
    for (int i = 1; i <= n; ++i) {
        workers.push_back({static_cast<WorkerId>(i), false, at(std::chrono::seconds(i))});
    }
    return workers;
}

std::vector<OldWorker> without(std::vector<OldWorker> workers, const std::vector<WorkerId>& gone) {
    std::erase_if(workers, [&](const OldWorker& w) { return std::ranges::find(gone, w.id) != gone.end(); });
    return workers;
}

struct Expected {
    int spawn_new;
    std::vector<WorkerId> retire;
    ReloadStatus status;
};

void expect_step(const ReloadStep& step, const Expected& expected) {
    EXPECT_EQ(step.spawn_new, expected.spawn_new);
    EXPECT_EQ(step.retire, expected.retire);
    EXPECT_EQ(step.status, expected.status);
}

constexpr auto in_progress = ReloadStatus::in_progress;

TEST(ReloadPlan, NewWorkersBootBeforeOldOnesRetire) {
    ReloadPlan plan(4, ReloadTuning{.max_surge_percent = 25});  // one new worker at a time
    const std::vector<OldWorker> old = idle_old_generation(4);
    struct Row {
        std::vector<WorkerId> old_gone;
        int booting;
        int serving;
        Expected expected;
    };
    const Row script[] = {
        {{}, 0, 0, {1, {}, in_progress}},          // start: boot the first new worker
        {{}, 1, 0, {0, {}, in_progress}},          // booting: nothing retires yet
        {{}, 0, 1, {1, {1}, in_progress}},         // ready: oldest old worker goes, next boots
        {{1}, 1, 1, {0, {}, in_progress}},
        {{1}, 0, 2, {1, {2}, in_progress}},
        {{1, 2}, 0, 3, {1, {3}, in_progress}},
        {{1, 2, 3}, 0, 4, {0, {4}, ReloadStatus::complete}},
    };
    for (std::size_t i = 0; i < std::size(script); ++i) {
        SCOPED_TRACE(i);
        const Row& row = script[i];
        const std::vector<OldWorker> alive = without(old, row.old_gone);
        expect_step(plan.step({alive, row.booting, row.serving, 0}), row.expected);
    }
    expect_step(plan.step({{}, 0, 4, 0}), {0, {}, ReloadStatus::complete});
}

TEST(ReloadPlan, IdleOldWorkersRetireFirstThenTheOldest) {
    ReloadPlan plan(4, ReloadTuning{.max_surge_percent = 100});
    std::vector<OldWorker> old = idle_old_generation(4);
    old[0].busy = true;  // worker 1 is the oldest but busy
    old[2].busy = true;  // worker 3 is busy
    expect_step(plan.step({old, 0, 3, 0}), {1, {2, 4, 1}, in_progress});
}

TEST(ReloadPlan, NeverNamesAWorkerTwiceWhenTheSnapshotLags) {
    ReloadPlan plan(2, ReloadTuning{.max_surge_percent = 100});
    const std::vector<OldWorker> old = idle_old_generation(2);
    expect_step(plan.step({old, 1, 1, 0}), {0, {1}, in_progress});
    // The pool has not marked worker 1 draining yet: it must not be named again.
    expect_step(plan.step({old, 1, 1, 0}), {0, {}, in_progress});
    expect_step(plan.step({old, 0, 2, 0}), {0, {2}, ReloadStatus::complete});
}

TEST(ReloadPlan, SurgeIsAQuarterOfDesiredRoundedUp) {
    struct Case {
        int desired;
        int percent;
        int first_spawn;
    };
    const Case cases[] = {{1, 25, 1}, {4, 25, 1}, {8, 25, 2}, {10, 25, 3}, {8, 100, 8}, {8, 0, 1}};
    for (const Case& c : cases) {
        SCOPED_TRACE(::testing::Message() << c.desired << " workers at " << c.percent << "%");
        ReloadPlan plan(c.desired, ReloadTuning{.max_surge_percent = c.percent});
        const std::vector<OldWorker> old = idle_old_generation(c.desired);
        EXPECT_EQ(plan.step({old, 0, 0, 0}).spawn_new, c.first_spawn);
    }
}

TEST(ReloadPlan, OldWorkersLostDuringReloadAreNotRetiredEarly) {
    ReloadPlan plan(4, ReloadTuning{.max_surge_percent = 100});
    const std::vector<OldWorker> three_left = without(idle_old_generation(4), {2});
    expect_step(plan.step({three_left, 3, 1, 0}), {0, {}, in_progress});
    expect_step(plan.step({three_left, 2, 2, 0}), {0, {1}, in_progress});
}

TEST(ReloadPlan, AbortsWhenTheNewGenerationDoesNotBoot) {
    ReloadPlan plan(4, ReloadTuning{.max_surge_percent = 50, .abort_after_boot_failures = 3});
    const std::vector<OldWorker> old = idle_old_generation(4);
    expect_step(plan.step({old, 0, 0, 0}), {2, {}, in_progress});
    expect_step(plan.step({old, 0, 0, 2}), {2, {}, in_progress});
    expect_step(plan.step({old, 0, 0, 3}), {0, {}, ReloadStatus::aborted});
    EXPECT_EQ(plan.status(), ReloadStatus::aborted);
    // Latched: later progress changes nothing.
    expect_step(plan.step({old, 0, 4, 3}), {0, {}, ReloadStatus::aborted});
}

TEST(ReloadPlan, BootFailuresAfterANewWorkerServedDoNotAbort) {
    ReloadPlan plan(4, ReloadTuning{.max_surge_percent = 25, .abort_after_boot_failures = 3});
    const std::vector<OldWorker> old = idle_old_generation(4);
    expect_step(plan.step({old, 0, 1, 5}), {1, {1}, in_progress});
}

TEST(ReloadPlan, AbortCanBeDisabled) {
    ReloadPlan plan(2, ReloadTuning{.max_surge_percent = 100, .abort_after_boot_failures = 0});
    const std::vector<OldWorker> old = idle_old_generation(2);
    expect_step(plan.step({old, 0, 0, 100}), {2, {}, in_progress});
}

TEST(ReloadPlan, NoOldGenerationCompletesAtOnce) {
    ReloadPlan plan(3);
    expect_step(plan.step({{}, 0, 0, 0}), {0, {}, ReloadStatus::complete});
}

// Simulates a whole reload: each round every booting worker becomes ready and retired old
// workers leave. Serving capacity must never drop below the desired count.
TEST(ReloadPlan, CapacityNeverDropsDuringAFullReload) {
    for (int desired : {1, 2, 3, 5, 8, 13}) {
        for (int percent : {1, 25, 50, 100}) {
            SCOPED_TRACE(::testing::Message() << desired << " workers at " << percent << "%");
            ReloadPlan plan(desired, ReloadTuning{.max_surge_percent = percent});
            std::vector<OldWorker> old = idle_old_generation(desired);
            int booting = 0;
            int serving = 0;
            for (int round = 0; round < 4 * desired + 4 && plan.status() == in_progress; ++round) {
                serving += booting;
                booting = 0;
                const ReloadStep step = plan.step({old, booting, serving, 0});
                old = without(old, step.retire);
                booting += step.spawn_new;
                EXPECT_GE(static_cast<int>(old.size()) + serving, desired);
            }
            EXPECT_EQ(plan.status(), ReloadStatus::complete);
            EXPECT_TRUE(old.empty());
            EXPECT_EQ(serving + booting, desired);
        }
    }
}

}  // namespace
}  // namespace runtime::policy
