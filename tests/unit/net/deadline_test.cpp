// net::Deadline: a deadline whose timer already expired (its handler queued) when the
// operation completed and disarmed it must not run its action afterwards.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "deadline.hpp"

namespace runtime::net {
namespace {

using Clock = Deadline::Clock;

TEST(HttpDeadline, RunsItsActionAtExpiry) {
    boost::asio::io_context io;
    Deadline deadline(io.get_executor());
    int fired = 0;
    deadline.arm(Clock::now(), [&] { ++fired; });
    io.run();
    EXPECT_EQ(fired, 1);
    EXPECT_TRUE(deadline.disarm());
}

TEST(HttpDeadline, DisarmedBeforeExpiryNeverRuns) {
    boost::asio::io_context io;
    Deadline deadline(io.get_executor());
    int fired = 0;
    deadline.arm(Clock::now() + std::chrono::milliseconds(20), [&] { ++fired; });
    EXPECT_FALSE(deadline.disarm());
    io.run();  // the timer still wakes once, finds nothing armed and goes idle
    EXPECT_EQ(fired, 0);
}

// The watchdog: a later deadline armed while the timer waits for an earlier one is kept;
// the action runs at the later one, not before.
TEST(HttpDeadline, ALaterDeadlineArmedMeanwhileIsHonoured) {
    boost::asio::io_context io;
    Deadline deadline(io.get_executor());
    Clock::time_point fired_at{};
    const auto start = Clock::now();
    deadline.arm(start + std::chrono::milliseconds(10), [] {});
    deadline.disarm();
    deadline.arm(start + std::chrono::milliseconds(60), [&] { fired_at = Clock::now(); });
    io.run();
    EXPECT_GE(fired_at, start + std::chrono::milliseconds(60));
    EXPECT_TRUE(deadline.disarm());
}

// An earlier deadline than the one the timer waits for re-arms it.
TEST(HttpDeadline, AnEarlierDeadlineReArmsTheTimer) {
    boost::asio::io_context io;
    Deadline deadline(io.get_executor());
    int fired = 0;
    deadline.arm(Clock::now() + std::chrono::hours(1), [] {});
    deadline.disarm();
    deadline.arm(Clock::now() + std::chrono::milliseconds(5), [&] { ++fired; });
    io.run_for(std::chrono::seconds(2));
    EXPECT_EQ(fired, 1);
}

// Both timers expire in the same reactor pass: the first one's handler (standing in for the
// completed socket operation) disarms the deadline, whose handler is already queued.
TEST(HttpDeadline, QueuedExpiryAfterDisarmDoesNothing) {
    boost::asio::io_context io;
    const auto now = Clock::now();
    int fired = 0;
    bool disarm_result = true;
    auto deadline = std::make_unique<Deadline>(io.get_executor());
    deadline->arm(now - std::chrono::milliseconds(1), [&] { ++fired; });
    boost::asio::steady_timer operation(io);
    operation.expires_at(now - std::chrono::milliseconds(2));
    operation.async_wait([&](const boost::system::error_code&) { disarm_result = deadline->disarm(); });
    io.run();
    EXPECT_FALSE(disarm_result);
    EXPECT_EQ(fired, 0);
}

TEST(HttpDeadline, QueuedExpiryAfterDestructionDoesNothing) {
    boost::asio::io_context io;
    const auto now = Clock::now();
    int fired = 0;
    auto deadline = std::make_unique<Deadline>(io.get_executor());
    deadline->arm(now - std::chrono::milliseconds(1), [&] { ++fired; });
    boost::asio::steady_timer operation(io);
    operation.expires_at(now - std::chrono::milliseconds(2));
    operation.async_wait([&](const boost::system::error_code&) { deadline.reset(); });
    io.run();
    EXPECT_EQ(fired, 0);
}

// A later arm() supersedes an earlier expiry that is already queued.
TEST(HttpDeadline, QueuedExpiryOfAnEarlierArmDoesNothing) {
    boost::asio::io_context io;
    const auto now = Clock::now();
    int first = 0;
    int second = 0;
    Deadline deadline(io.get_executor());
    deadline.arm(now - std::chrono::milliseconds(1), [&] { ++first; });
    boost::asio::steady_timer operation(io);
    operation.expires_at(now - std::chrono::milliseconds(2));
    operation.async_wait([&](const boost::system::error_code&) {
        deadline.disarm();
        deadline.arm(Clock::now() + std::chrono::hours(1), [&] { ++second; });
        deadline.disarm();
    });
    io.run();
    EXPECT_EQ(first, 0);
    EXPECT_EQ(second, 0);
}

}  // namespace
}  // namespace runtime::net
