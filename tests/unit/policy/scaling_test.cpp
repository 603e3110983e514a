#include "runtime/policy/scaling.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;
using std::chrono::milliseconds;

const TimePoint now = at(1h);
constexpr std::uint64_t MiB = 1024 * 1024;

ScalingTuning elastic(std::size_t min, std::size_t max, std::uint64_t budget = 0) {
    return ScalingTuning{.min_workers = min,
                         .max_workers = max,
                         .up_after = 1s,
                         .idle_after = 30s,
                         .cooldown = 5s,
                         .memory_budget_bytes = budget};
}

// A pool's load with times given as "this long ago".
struct Load {
    std::size_t target = 1;
    std::size_t starting = 0;
    std::size_t queue_depth = 0;
    std::optional<milliseconds> pressure_for{};
    std::vector<milliseconds> idle_for{};
    std::optional<milliseconds> scaled_up_ago{};
    std::uint64_t pool_rss = 0;
    std::uint64_t worker_rss = 0;
};

struct ScaleCase {
    const char* name;
    ScalingTuning tuning;
    Load load;
    ScaleDirection direction;
    ScaleReason reason;
    std::size_t target;
};

void PrintTo(const ScaleCase& c, std::ostream* os) { *os << c.name; }

ScaleDecision decide(const ScaleCase& c) {
    std::vector<TimePoint> idle_since;
    for (const auto ago : c.load.idle_for) idle_since.push_back(now - ago);
    PoolLoad load;
    load.target = c.load.target;
    load.starting = c.load.starting;
    load.queue_depth = c.load.queue_depth;
    if (c.load.pressure_for) load.pressure_since = now - *c.load.pressure_for;
    load.idle_since = idle_since;
    if (c.load.scaled_up_ago) load.last_scale_up = now - *c.load.scaled_up_ago;
    load.pool_rss_bytes = c.load.pool_rss;
    load.worker_rss_bytes = c.load.worker_rss;
    return decide_scale(load, c.tuning, now);
}

class Scale : public ::testing::TestWithParam<ScaleCase> {};

TEST_P(Scale, DecidesDirectionReasonAndTarget) {
    const ScaleCase& c = GetParam();
    const ScaleDecision decision = decide(c);
    EXPECT_EQ(to_string(decision.direction), to_string(c.direction));
    EXPECT_EQ(to_string(decision.reason), to_string(c.reason));
    EXPECT_EQ(decision.target, c.target);
}

using D = ScaleDirection;
using R = ScaleReason;

INSTANTIATE_TEST_SUITE_P(
    Policy, Scale,
    ::testing::Values(
        // Up on pressure, once it has lasted up_after.
        ScaleCase{"queue_adds_a_worker_per_waiting_request",
                  elastic(1, 8),
                  {.target = 1, .queue_depth = 3, .pressure_for = 1s},
                  D::up,
                  R::queue,
                  4},
        ScaleCase{"all_busy_adds_one", elastic(1, 4), {.target = 2, .pressure_for = 1500ms}, D::up, R::busy, 3},
        ScaleCase{"short_pressure_waits",
                  elastic(1, 4),
                  {.target = 1, .queue_depth = 2, .pressure_for = 999ms},
                  D::hold,
                  R::none,
                  1},
        ScaleCase{"booting_workers_absorb_pressure_first",
                  elastic(1, 4),
                  {.target = 2, .starting = 1, .queue_depth = 2, .pressure_for = 10s},
                  D::hold,
                  R::none,
                  2},
        ScaleCase{"pressure_counts_from_the_last_scale_up",
                  elastic(1, 4),
                  {.target = 2, .queue_depth = 1, .pressure_for = 10s, .scaled_up_ago = 500ms},
                  D::hold,
                  R::none,
                  2},
        ScaleCase{"pressure_after_up_after_since_scale_up",
                  elastic(1, 4),
                  {.target = 2, .queue_depth = 1, .pressure_for = 10s, .scaled_up_ago = 1s},
                  D::up,
                  R::queue,
                  3},
        // Bounds.
        ScaleCase{"queue_capped_at_max",
                  elastic(1, 4),
                  {.target = 2, .queue_depth = 10, .pressure_for = 2s},
                  D::up,
                  R::queue,
                  4},
        ScaleCase{
            "at_max_holds", elastic(1, 4), {.target = 4, .queue_depth = 10, .pressure_for = 60s}, D::hold, R::none, 4},
        ScaleCase{"fixed_pool_never_moves",
                  elastic(2, 2),
                  {.target = 2, .queue_depth = 5, .pressure_for = 60s},
                  D::hold,
                  R::none,
                  2},
        ScaleCase{
            "fixed_pool_keeps_idle_workers", elastic(2, 2), {.target = 2, .idle_for = {1h, 1h}}, D::hold, R::none, 2},
        ScaleCase{"below_min_after_new_settings", elastic(3, 6), {.target = 1}, D::up, R::min_workers, 3},
        ScaleCase{"above_max_after_new_settings",
                  elastic(1, 2),
                  {.target = 5, .queue_depth = 3, .pressure_for = 5s},
                  D::down,
                  R::max_workers,
                  2},
        ScaleCase{"invalid_bounds_hold",
                  elastic(4, 2),
                  {.target = 3, .queue_depth = 3, .pressure_for = 5s},
                  D::hold,
                  R::none,
                  3},
        // Down on idle, never below min.
        ScaleCase{
            "idle_workers_leave", elastic(1, 4), {.target = 4, .idle_for = {31s, 30s, 29s, 1s}}, D::down, R::idle, 2},
        ScaleCase{"never_below_min", elastic(2, 4), {.target = 3, .idle_for = {1h, 1h, 1h}}, D::down, R::idle, 2},
        ScaleCase{"at_min_holds", elastic(2, 4), {.target = 2, .idle_for = {1h, 1h}}, D::hold, R::none, 2},
        ScaleCase{"recently_idle_stay", elastic(1, 4), {.target = 3, .idle_for = {29s, 10s, 0s}}, D::hold, R::none, 3},
        ScaleCase{"no_scale_down_under_pressure",
                  elastic(1, 4),
                  {.target = 3, .queue_depth = 0, .pressure_for = 100ms, .idle_for = {1h}},
                  D::hold,
                  R::none,
                  3},
        // No flapping: a scale-up is followed by cooldown before any scale-down.
        ScaleCase{"cooldown_after_scale_up",
                  elastic(1, 4),
                  {.target = 3, .idle_for = {1h}, .scaled_up_ago = 4s},
                  D::hold,
                  R::none,
                  3},
        ScaleCase{
            "cooldown_over", elastic(1, 4), {.target = 3, .idle_for = {1h}, .scaled_up_ago = 5s}, D::down, R::idle, 2},
        // Memory budget.
        ScaleCase{"budget_refuses",
                  elastic(1, 4, 200 * MiB),
                  {.target = 2, .queue_depth = 2, .pressure_for = 2s, .pool_rss = 160 * MiB, .worker_rss = 80 * MiB},
                  D::refused,
                  R::memory_budget,
                  2},
        ScaleCase{"budget_limits_the_step",
                  elastic(1, 8, 400 * MiB),
                  {.target = 2, .queue_depth = 5, .pressure_for = 2s, .pool_rss = 160 * MiB, .worker_rss = 80 * MiB},
                  D::up,
                  R::queue,
                  5},
        ScaleCase{"budget_exactly_fits",
                  elastic(1, 4, 240 * MiB),
                  {.target = 2, .pressure_for = 2s, .pool_rss = 160 * MiB, .worker_rss = 80 * MiB},
                  D::up,
                  R::busy,
                  3},
        ScaleCase{"budget_already_exceeded",
                  elastic(1, 4, 100 * MiB),
                  {.target = 2, .pressure_for = 2s, .pool_rss = 160 * MiB, .worker_rss = 80 * MiB},
                  D::refused,
                  R::memory_budget,
                  2},
        ScaleCase{"budget_without_measurement_allows",
                  elastic(1, 4, 100 * MiB),
                  {.target = 1, .pressure_for = 2s, .pool_rss = 0, .worker_rss = 0},
                  D::up,
                  R::busy,
                  2},
        ScaleCase{"budget_off",
                  elastic(1, 4, 0),
                  {.target = 2, .pressure_for = 2s, .pool_rss = 1024 * MiB, .worker_rss = 512 * MiB},
                  D::up,
                  R::busy,
                  3}),
    test::CaseName{});

TEST(Scale, RefusalReportsTheProjectedMemoryAndTheBudget) {
    const ScaleDecision decision =
        decide(ScaleCase{"refused",
                         elastic(1, 4, 200 * MiB),
                         {.target = 2, .pressure_for = 2s, .pool_rss = 160 * MiB, .worker_rss = 80 * MiB},
                         D::refused,
                         R::memory_budget,
                         2});
    EXPECT_EQ(decision.observed, 240 * MiB);
    EXPECT_EQ(decision.limit, 200 * MiB);
}

TEST(Scale, BurstThenIdleScalesUpStepwiseThenDownWithoutFlapping) {
    // One burst: queue builds, the pool grows while the new workers boot and the queue drains,
    // then everything goes idle and the pool shrinks back to min once, after idle_after.
    const ScalingTuning tuning = elastic(1, 4);
    PressureTracker pressure;
    std::size_t target = 1;
    std::optional<TimePoint> last_up;
    std::vector<std::pair<ScaleDirection, std::size_t>> events;
    auto tick = [&](TimePoint t, std::size_t queue, bool all_busy, std::vector<TimePoint> idle) {
        pressure.observe(queue > 0 || all_busy, t);
        PoolLoad load;
        load.target = target;
        load.queue_depth = queue;
        load.pressure_since = pressure.since();
        load.idle_since = idle;
        load.last_scale_up = last_up;
        const ScaleDecision d = decide_scale(load, tuning, t);
        if (d.direction == ScaleDirection::up) last_up = t;
        if (d.direction != ScaleDirection::hold) events.emplace_back(d.direction, d.target);
        target = d.target;
    };
    for (int ms = 0; ms <= 3000; ms += 100) tick(at(std::chrono::milliseconds(ms)), 5, true, {});
    const TimePoint quiet = at(3100ms);
    for (int s = 0; s <= 40; ++s) {
        const TimePoint t = quiet + std::chrono::seconds(s);
        tick(t, 0, false, std::vector<TimePoint>(target, quiet));
    }
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], std::make_pair(ScaleDirection::up, std::size_t{4}));
    EXPECT_EQ(events[1], std::make_pair(ScaleDirection::down, std::size_t{1}));
}

TEST(UnderPressure, WaitingRequestsOrNoFreeWorkerButNotWhileBooting) {
    EXPECT_TRUE(under_pressure(/*queue_depth=*/2, /*idle=*/0, /*busy=*/1, /*starting=*/0));
    EXPECT_TRUE(under_pressure(0, 0, 3, 0)) << "every worker busy";
    EXPECT_FALSE(under_pressure(0, 1, 2, 0)) << "a free worker";
    EXPECT_FALSE(under_pressure(0, 0, 0, 0)) << "empty pool, nothing asked";
    EXPECT_FALSE(under_pressure(3, 0, 1, 1)) << "a booting worker takes the queue first";
}

TEST(PressureTracker, RemembersTheStartUntilThePressureEnds) {
    PressureTracker pressure;
    EXPECT_FALSE(pressure.since());
    pressure.observe(true, at(1s));
    pressure.observe(true, at(2s));
    EXPECT_EQ(pressure.since(), at(1s));
    pressure.observe(false, at(3s));
    EXPECT_FALSE(pressure.since());
    pressure.observe(true, at(4s));
    EXPECT_EQ(pressure.since(), at(4s));
}

}  // namespace
}  // namespace runtime::policy
