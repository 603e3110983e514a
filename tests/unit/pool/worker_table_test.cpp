#include "runtime/pool/worker_table.hpp"

#include <gtest/gtest.h>

namespace runtime::pool {
namespace {

std::shared_ptr<Worker> worker_with_id(std::uint64_t id) {
    auto w = std::make_shared<Worker>();
    w->id = id;
    w->pid = static_cast<pid_t>(1000 + id);
    return w;
}

TEST(WorkerTable, ANewWorkerStartsAndIsCounted) {
    WorkerTable table;
    auto w = worker_with_id(1);
    table.add(w);
    EXPECT_EQ(w->state(), WorkerState::starting);
    EXPECT_EQ(table.count(WorkerState::starting), 1u);
    EXPECT_EQ(table.size(), 1u);
    EXPECT_TRUE(table.contains(*w));
    EXPECT_EQ(table.find(1), w);
    EXPECT_EQ(table.find_pid(1001), w);
    EXPECT_EQ(table.find_pid(0), nullptr);
}

TEST(WorkerTable, TheLifecycleStepsAreAccepted) {
    WorkerTable table;
    auto w = worker_with_id(1);
    table.add(w);
    EXPECT_TRUE(table.set_state(*w, WorkerState::idle));
    EXPECT_TRUE(table.set_state(*w, WorkerState::busy));
    EXPECT_TRUE(table.set_state(*w, WorkerState::idle));
    EXPECT_TRUE(table.set_state(*w, WorkerState::busy));
    EXPECT_TRUE(table.set_state(*w, WorkerState::retiring));
    EXPECT_TRUE(table.set_state(*w, WorkerState::retiring));  // retiring twice: a no-op
    EXPECT_EQ(w->state(), WorkerState::retiring);
}

struct Step {
    WorkerState from, to;
};

class IllegalStep : public ::testing::TestWithParam<Step> {};

// Reaches `state` by legal steps.
void bring_to(WorkerTable& table, Worker& w, WorkerState state) {
    if (state == WorkerState::starting) return;
    if (state == WorkerState::retiring) {
        ASSERT_TRUE(table.set_state(w, WorkerState::retiring));
        return;
    }
    ASSERT_TRUE(table.set_state(w, WorkerState::idle));
    if (state == WorkerState::busy) {
        ASSERT_TRUE(table.set_state(w, WorkerState::busy));
    }
}

TEST_P(IllegalStep, IsRefusedAndChangesNothing) {
    WorkerTable table;
    auto w = worker_with_id(7);
    table.add(w);
    bring_to(table, *w, GetParam().from);
    const std::size_t before = table.count(GetParam().from);
    EXPECT_FALSE(WorkerTable::legal(GetParam().from, GetParam().to));
    EXPECT_FALSE(table.set_state(*w, GetParam().to));
    EXPECT_EQ(w->state(), GetParam().from);
    EXPECT_EQ(table.count(GetParam().from), before);
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, IllegalStep,
                         ::testing::Values(Step{WorkerState::starting, WorkerState::busy},      // never ready
                                           Step{WorkerState::starting, WorkerState::starting},  // starts once
                                           Step{WorkerState::idle, WorkerState::starting},
                                           Step{WorkerState::idle, WorkerState::idle},
                                           Step{WorkerState::busy, WorkerState::busy},  // two requests at once
                                           Step{WorkerState::busy, WorkerState::starting},
                                           Step{WorkerState::retiring, WorkerState::idle},  // retiring is final
                                           Step{WorkerState::retiring, WorkerState::busy},
                                           Step{WorkerState::retiring, WorkerState::starting}));

TEST(WorkerTable, CountsFollowEveryStepWithoutAWalk) {
    WorkerTable table;
    std::vector<std::shared_ptr<Worker>> workers;
    for (std::uint64_t id = 1; id <= 4; ++id) {
        workers.push_back(worker_with_id(id));
        table.add(workers.back());
    }
    ASSERT_TRUE(table.set_state(*workers[0], WorkerState::idle));
    ASSERT_TRUE(table.set_state(*workers[1], WorkerState::idle));
    ASSERT_TRUE(table.set_state(*workers[1], WorkerState::busy));
    ASSERT_TRUE(table.set_state(*workers[2], WorkerState::retiring));
    EXPECT_EQ(table.count(WorkerState::starting), 1u);
    EXPECT_EQ(table.count(WorkerState::idle), 1u);
    EXPECT_EQ(table.count(WorkerState::busy), 1u);
    EXPECT_EQ(table.count(WorkerState::retiring), 1u);

    table.remove(*workers[1]);  // a busy worker's exit reaped
    EXPECT_EQ(table.count(WorkerState::busy), 0u);
    EXPECT_EQ(table.size(), 3u);
    EXPECT_FALSE(table.contains(*workers[1]));
    table.remove(*workers[1]);  // twice: nothing more to remove
    EXPECT_EQ(table.size(), 3u);
}

TEST(WorkerTable, AWorkerNotInTheTableCannotChangeState) {
    WorkerTable table;
    auto gone = worker_with_id(3);
    table.add(gone);
    table.remove(*gone);
    EXPECT_FALSE(table.set_state(*gone, WorkerState::retiring));
    auto stranger = worker_with_id(3);  // same id, another record
    table.add(worker_with_id(3));
    EXPECT_FALSE(table.contains(*stranger));
    EXPECT_FALSE(table.set_state(*stranger, WorkerState::idle));
    EXPECT_EQ(table.count(WorkerState::idle), 0u);
}

}  // namespace
}  // namespace runtime::pool
