#include "runtime/policy/crash_loop.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/policy/respawn_controller.hpp"
#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;

RespawnTuning three_in_a_minute() {
    RespawnTuning tuning;
    tuning.crash_loop_threshold = 3;
    tuning.crash_loop_interval = 60s;
    tuning.stable_period = 10s;
    return tuning;
}

struct WindowCase {
    const char* name;
    std::vector<std::chrono::seconds> failures;  // offsets from t0, ascending
    bool failing;
};

void PrintTo(const WindowCase& c, std::ostream* os) { *os << c.name; }

class CrashLoopWindow : public ::testing::TestWithParam<WindowCase> {};

TEST_P(CrashLoopWindow, TripsOnThresholdFailuresWithinTheInterval) {
    CrashLoopDetector detector(three_in_a_minute());
    for (std::chrono::seconds offset : GetParam().failures) detector.on_failure(at(offset));
    const TimePoint now = at(GetParam().failures.empty() ? 0s : GetParam().failures.back());
    EXPECT_EQ(detector.failing(now), GetParam().failing);
}

INSTANTIATE_TEST_SUITE_P(
    Policy, CrashLoopWindow,
    ::testing::Values(WindowCase{"no_failures", {}, false},
                      WindowCase{"below_threshold", {0s, 1s}, false},
                      WindowCase{"threshold_at_once", {0s, 0s, 0s}, true},
                      WindowCase{"threshold_within_interval", {0s, 30s, 59s}, true},
                      WindowCase{"oldest_fell_out_of_interval", {0s, 30s, 60s}, false},
                      WindowCase{"spread_out", {0s, 61s, 122s, 183s}, false},
                      WindowCase{"burst_after_quiet_period", {0s, 100s, 101s, 102s}, true}),
    test::CaseName{});

void trip(CrashLoopDetector& detector) {
    for (int i = 0; i < 3; ++i) detector.on_failure(t0);
    ASSERT_TRUE(detector.failing(t0));
}

TEST(CrashLoop, StaysFailingWithoutAStableWorker) {
    CrashLoopDetector detector(three_in_a_minute());
    trip(detector);
    EXPECT_TRUE(detector.failing(at(1h)));  // failures aged out, but nothing booted since
}

TEST(CrashLoop, ClearsAfterAWorkerStaysUpForTheStablePeriod) {
    CrashLoopDetector detector(three_in_a_minute());
    trip(detector);
    detector.on_boot_success(at(100s));
    EXPECT_TRUE(detector.failing(at(109s)));
    EXPECT_FALSE(detector.failing(at(110s)));
    // A new incident starts counting from zero.
    detector.on_failure(at(120s));
    EXPECT_FALSE(detector.failing(at(120s)));
    EXPECT_EQ(detector.recent_failures(), 1u);
}

TEST(CrashLoop, BootThatCrashesBeforeTheStablePeriodKeepsFailing) {
    CrashLoopDetector detector(three_in_a_minute());
    trip(detector);
    detector.on_boot_success(at(1s));
    detector.on_failure(at(2s));
    EXPECT_TRUE(detector.failing(at(1h)));
}

TEST(CrashLoop, ThresholdZeroDisablesDetection) {
    RespawnTuning tuning = three_in_a_minute();
    tuning.crash_loop_threshold = 0;
    CrashLoopDetector detector(tuning);
    for (int i = 0; i < 100; ++i) detector.on_failure(t0);
    EXPECT_FALSE(detector.failing(t0));
}

TEST(CrashLoop, KeepsAtMostThresholdTimestamps) {
    CrashLoopDetector detector(three_in_a_minute());
    for (int i = 0; i < 50; ++i) detector.on_failure(at(std::chrono::seconds(i)));
    EXPECT_EQ(detector.recent_failures(), 3u);
}

TEST(RespawnController, NormalRecyclesNeitherDelayNorTrip) {
    RespawnController respawn(config::PolicySettings{}, three_in_a_minute());
    for (int i = 0; i < 10; ++i) respawn.on_retired(RetireReason::max_requests, t0);
    respawn.on_retired(RetireReason::memory_rss, t0);
    respawn.on_retired(RetireReason::exec_timeout, t0);
    EXPECT_EQ(respawn.next_delay(t0), 0ms);
    EXPECT_TRUE(respawn.ready(t0));
}

TEST(RespawnController, CrashesOfBootedWorkersDoNotDelayButCountAsACrashLoop) {
    RespawnController respawn(config::PolicySettings{}, three_in_a_minute());
    for (int i = 0; i < 3; ++i) respawn.on_retired(RetireReason::crash, at(std::chrono::seconds(i)), true);
    EXPECT_EQ(respawn.next_delay(at(2s)), 0ms);
    EXPECT_FALSE(respawn.ready(at(2s)));
    respawn.on_retired(RetireReason::crash, at(3s), false);  // died before it was ready
    EXPECT_EQ(respawn.next_delay(at(3s)), 100ms);
}

TEST(RespawnController, CrashLoopMakesThePoolUnreadyUntilStable) {
    RespawnController respawn(config::PolicySettings{}, three_in_a_minute());
    respawn.on_retired(RetireReason::crash, t0);
    EXPECT_EQ(respawn.next_delay(t0), 100ms);
    EXPECT_TRUE(respawn.ready(t0));
    respawn.on_retired(RetireReason::boot_failure, at(1s));
    respawn.on_retired(RetireReason::boot_failure, at(2s));
    EXPECT_FALSE(respawn.ready(at(2s)));
    EXPECT_EQ(respawn.backoff().streak(at(2s)), 3u);
    respawn.on_boot_success(at(3s));
    EXPECT_FALSE(respawn.ready(at(12s)));
    EXPECT_TRUE(respawn.ready(at(13s)));
    EXPECT_EQ(respawn.next_delay(at(13s)), 0ms);
}

}  // namespace
}  // namespace runtime::policy
