#include "runtime/pool/dispatcher.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

namespace runtime::pool {
namespace {

using namespace std::chrono_literals;

class DispatcherTest : public ::testing::Test {
protected:
    std::shared_ptr<Worker> ready_worker(std::uint64_t id) {
        auto w = std::make_shared<Worker>();
        w->id = id;
        table.add(w);
        EXPECT_TRUE(table.set_state(*w, WorkerState::idle));
        return w;
    }

    // Starts an acquire; its result lands in `out` once the io_context has run.
    void start_acquire(std::optional<Handout>& out, std::chrono::steady_clock::duration wait = 1s,
                       AcquireOptions options = {}) {
        asio::co_spawn(
            io,
            [this, &out, wait, options]() -> asio::awaitable<void> {
                out = co_await dispatcher.acquire(wait, options);
            },
            asio::detached);
    }

    std::shared_ptr<Worker> busy_worker(std::uint64_t id) {
        auto w = ready_worker(id);
        EXPECT_TRUE(table.set_state(*w, WorkerState::busy));
        return w;
    }

    void run_briefly() {
        io.restart();
        io.run_for(20ms);
    }

    asio::io_context io;
    WorkerTable table;
    std::size_t max_waiting = 2;
    int changes = 0;
    Dispatcher dispatcher{io.get_executor(), table,
                          [this](std::size_t waiting, std::optional<policy::TimePoint>, policy::TimePoint) {
                              if (waiting >= max_waiting)
                                  return policy::Admission{false, policy::RejectReason::queue_full, 1s};
                              return policy::Admission{};
                          },
                          [this] { ++changes; }};
};

TEST_F(DispatcherTest, AnIdleWorkerIsHandedOutAtOnceAndBecomesBusy) {
    auto w = ready_worker(1);
    dispatcher.offer(w);
    std::optional<Handout> got;
    start_acquire(got);
    run_briefly();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->worker, w);
    EXPECT_FALSE(got->rejection);
    EXPECT_EQ(w->state(), WorkerState::busy);
    EXPECT_TRUE(dispatcher.idle().empty());
    EXPECT_EQ(dispatcher.counts().accepted, 1u);
    EXPECT_GT(changes, 0);
}

TEST_F(DispatcherTest, TheMostRecentlyUsedWorkerGoesFirst) {
    auto older = ready_worker(1);
    auto recent = ready_worker(2);
    dispatcher.offer(older);
    dispatcher.offer(recent);
    std::optional<Handout> got;
    start_acquire(got);
    run_briefly();
    ASSERT_TRUE(got && got->worker);
    EXPECT_EQ(got->worker, recent);
}

TEST_F(DispatcherTest, WaitersAreServedInArrivalOrder) {
    std::optional<Handout> first, second;
    start_acquire(first);
    run_briefly();
    start_acquire(second);
    run_briefly();
    EXPECT_EQ(dispatcher.queue_depth(), 2u);
    auto w1 = ready_worker(1);
    dispatcher.offer(w1);
    run_briefly();
    ASSERT_TRUE(first && first->worker);
    EXPECT_EQ(first->worker, w1);
    EXPECT_FALSE(second);
    EXPECT_EQ(w1->state(), WorkerState::busy);
    auto w2 = ready_worker(2);
    dispatcher.offer(w2);
    run_briefly();
    ASSERT_TRUE(second && second->worker);
    EXPECT_EQ(second->worker, w2);
    EXPECT_EQ(dispatcher.queue_depth(), 0u);
    EXPECT_EQ(dispatcher.counts().max_queue_depth, 2u);
}

TEST_F(DispatcherTest, AFullQueueRejectsWithTheAdmissionReason) {
    max_waiting = 0;
    std::optional<Handout> got;
    start_acquire(got);
    run_briefly();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->worker, nullptr);
    ASSERT_TRUE(got->rejection);
    EXPECT_EQ(got->rejection->reason, policy::RejectReason::queue_full);
    EXPECT_EQ(dispatcher.counts().queue_rejections, 1u);
}

TEST_F(DispatcherTest, AWaiterGivesUpAfterQueueWait) {
    std::optional<Handout> got;
    start_acquire(got, 10ms);
    io.run_for(200ms);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->worker, nullptr);
    ASSERT_TRUE(got->rejection);
    EXPECT_EQ(got->rejection->reason, policy::RejectReason::queue_timeout);
    EXPECT_GE(got->waited, 10ms);
    EXPECT_EQ(dispatcher.queue_depth(), 0u);
}

TEST_F(DispatcherTest, AWithdrawnWorkerIsNeverHandedOut) {
    auto w = ready_worker(1);
    dispatcher.offer(w);
    ASSERT_TRUE(table.set_state(*w, WorkerState::retiring));
    dispatcher.withdraw(*w);
    EXPECT_TRUE(dispatcher.idle().empty());
    std::optional<Handout> got;
    start_acquire(got, 10ms);
    io.run_for(100ms);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->worker, nullptr);
}

TEST_F(DispatcherTest, OnlyIdleWorkersAreTaken) {
    auto w = ready_worker(1);
    ASSERT_TRUE(table.set_state(*w, WorkerState::busy));
    dispatcher.offer(w);  // not idle: refused
    EXPECT_TRUE(dispatcher.idle().empty());
}

TEST_F(DispatcherTest, ReleasedWaitersAreRejected) {
    std::optional<Handout> got;
    start_acquire(got);
    run_briefly();
    dispatcher.release_waiters();
    run_briefly();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->worker, nullptr);
    EXPECT_TRUE(got->rejection);
}

// Turnaround hiding: a busy worker goes straight to the oldest waiter that can take it.
TEST_F(DispatcherTest, ABusyWorkerIsHandedOverToTheOldestWaiterThatTakesIt) {
    auto w = busy_worker(1);
    std::optional<Handout> got;
    start_acquire(got, 1s, AcquireOptions{true, false});
    run_briefly();
    ASSERT_EQ(dispatcher.queue_depth(), 1u);
    EXPECT_TRUE(dispatcher.hand_over(w));
    run_briefly();
    ASSERT_TRUE(got && got->worker);
    EXPECT_EQ(got->worker, w);
    EXPECT_EQ(w->state(), WorkerState::busy);
    EXPECT_EQ(dispatcher.queue_depth(), 0u);
}

TEST_F(DispatcherTest, NoHandOverPastAnOlderWaiterThatCannotTakeIt) {
    auto w = busy_worker(1);
    std::optional<Handout> with_body, without_body;
    start_acquire(with_body);  // a request with a body: needs a worker that read its report
    run_briefly();
    start_acquire(without_body, 1s, AcquireOptions{true, false});
    run_briefly();
    EXPECT_FALSE(dispatcher.hand_over(w));
    EXPECT_EQ(dispatcher.queue_depth(), 2u);
    EXPECT_FALSE(with_body);
    EXPECT_FALSE(without_body);
}

TEST_F(DispatcherTest, NoHandOverWithoutWaitersOrForAWorkerNotBusy) {
    auto busy = busy_worker(1);
    EXPECT_FALSE(dispatcher.hand_over(busy));
    auto idle = ready_worker(2);
    dispatcher.offer(idle);
    std::optional<Handout> got;
    start_acquire(got, 1s, AcquireOptions{true, false});
    run_briefly();  // takes the idle worker at once
    ASSERT_TRUE(got && got->worker == idle);
    EXPECT_FALSE(dispatcher.hand_over(ready_worker(3)));
}

TEST_F(DispatcherTest, ARequeuedRequestGoesFirstWithoutAnAdmissionCheck) {
    max_waiting = 1;
    std::optional<Handout> waiting, requeued;
    start_acquire(waiting);
    run_briefly();
    start_acquire(requeued, 1s, AcquireOptions{false, true});  // the queue is full, yet it waits
    run_briefly();
    EXPECT_EQ(dispatcher.queue_depth(), 2u);
    EXPECT_EQ(dispatcher.counts().accepted, 1u);  // counted once, when it first came
    auto w = ready_worker(1);
    dispatcher.offer(w);
    run_briefly();
    ASSERT_TRUE(requeued && requeued->worker == w);
    EXPECT_FALSE(waiting);
}

}  // namespace
}  // namespace runtime::pool
