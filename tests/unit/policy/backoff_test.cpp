#include "runtime/policy/backoff.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/policy/respawn_controller.hpp"
#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;
using std::chrono::milliseconds;

config::PolicySettings with_backoff_max(std::chrono::seconds max) {
    config::PolicySettings settings;
    settings.backoff_max = max;
    return settings;
}

// Fails once per allowed spawn (each failure when the previous delay has elapsed) and
// returns the delay announced after each failure.
std::vector<milliseconds> delays_for_failures_in_a_row(BackoffState& backoff, int failures) {
    std::vector<milliseconds> delays;
    TimePoint now = t0;
    for (int i = 0; i < failures; ++i) {
        backoff.on_failure(SpawnFailure::boot_failure, now);
        delays.push_back(backoff.next_delay(now));
        now += delays.back();
    }
    return delays;
}

TEST(Backoff, NoDelayWithoutFailures) {
    BackoffState backoff(with_backoff_max(30s));
    EXPECT_EQ(backoff.next_delay(t0), 0ms);
    EXPECT_EQ(backoff.streak(t0), 0u);
}

TEST(Backoff, DoublesFrom100msUpToTheCap) {
    struct Case {
        std::chrono::seconds cap;
        std::vector<milliseconds> expected;
    };
    const Case cases[] = {
        {30s, {100ms, 200ms, 400ms, 800ms, 1600ms, 3200ms, 6400ms, 12800ms, 25600ms, 30000ms, 30000ms}},
        {1s, {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms}},
        {0s, {0ms, 0ms, 0ms}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.cap.count());
        BackoffState backoff(with_backoff_max(c.cap));
        EXPECT_EQ(delays_for_failures_in_a_row(backoff, static_cast<int>(c.expected.size())), c.expected);
    }
}

TEST(Backoff, NextDelayCountsDownFromTheFailure) {
    BackoffState backoff(with_backoff_max(30s));
    backoff.on_failure(SpawnFailure::crash, t0);
    EXPECT_EQ(backoff.next_delay(t0), 100ms);
    EXPECT_EQ(backoff.next_delay(at(40ms)), 60ms);
    EXPECT_EQ(backoff.next_delay(at(100ms)), 0ms);
    EXPECT_EQ(backoff.next_delay(at(5s)), 0ms);
    EXPECT_EQ(backoff.last_failure(), SpawnFailure::crash);
}

TEST(Backoff, WorkersLostTogetherCountOnce) {
    BackoffState backoff(with_backoff_max(30s));
    backoff.on_failure(SpawnFailure::crash, t0);
    backoff.on_failure(SpawnFailure::crash, at(1ms));
    backoff.on_failure(SpawnFailure::crash, at(50ms));
    EXPECT_EQ(backoff.streak(at(50ms)), 1u);
    EXPECT_EQ(backoff.next_delay(at(50ms)), 50ms);
    // The respawned workers fail again after the wait: that is the second failure in a row.
    backoff.on_failure(SpawnFailure::boot_failure, at(150ms));
    EXPECT_EQ(backoff.streak(at(150ms)), 2u);
    EXPECT_EQ(backoff.next_delay(at(150ms)), 200ms);
    EXPECT_EQ(backoff.last_failure(), SpawnFailure::boot_failure);
}

TEST(Backoff, StableWorkerEndsTheStreak) {
    BackoffState backoff(with_backoff_max(30s));
    const std::vector<milliseconds> delays = delays_for_failures_in_a_row(backoff, 3);
    ASSERT_EQ(delays.back(), 400ms);
    const TimePoint booted = at(10s);
    backoff.on_boot_success(booted);
    EXPECT_EQ(backoff.streak(booted + 9999ms), 3u);
    EXPECT_EQ(backoff.streak(booted + 10s), 0u);
    backoff.on_failure(SpawnFailure::crash, booted + 20s);
    EXPECT_EQ(backoff.streak(booted + 20s), 1u);
    EXPECT_EQ(backoff.next_delay(booted + 20s), 100ms);
}

TEST(Backoff, FailureBeforeTheStablePeriodKeepsDoubling) {
    BackoffState backoff(with_backoff_max(30s));
    backoff.on_failure(SpawnFailure::crash, t0);
    backoff.on_boot_success(at(100ms));
    backoff.on_failure(SpawnFailure::crash, at(5s));  // up 4.9 s only
    EXPECT_EQ(backoff.streak(at(5s)), 2u);
    EXPECT_EQ(backoff.next_delay(at(5s)), 200ms);
}

TEST(Backoff, StablePeriodCountsFromTheFirstBootAfterTheFailure) {
    BackoffState backoff(with_backoff_max(30s));
    backoff.on_failure(SpawnFailure::crash, t0);
    backoff.on_boot_success(at(1s));
    backoff.on_boot_success(at(8s));
    EXPECT_EQ(backoff.streak(at(11s)), 0u);
}

TEST(Backoff, CustomInitialDelayAndStablePeriod) {
    RespawnTuning tuning;
    tuning.initial_delay = 250ms;
    tuning.stable_period = 2s;
    BackoffState backoff(with_backoff_max(30s), tuning);
    EXPECT_EQ(delays_for_failures_in_a_row(backoff, 3), (std::vector<milliseconds>{250ms, 500ms, 1000ms}));
    backoff.on_boot_success(at(10s));
    EXPECT_EQ(backoff.streak(at(12s)), 0u);
}

TEST(SpawnFailureFor, OnlyCrashesAndBootFailuresSlowRespawning) {
    for (RetireReason reason : all_retire_reasons) {
        SCOPED_TRACE(to_string(reason));
        const std::optional<SpawnFailure> failure = spawn_failure_for(reason);
        if (reason == RetireReason::crash) {
            EXPECT_EQ(failure, SpawnFailure::crash);
        } else if (reason == RetireReason::boot_failure) {
            EXPECT_EQ(failure, SpawnFailure::boot_failure);
        } else {
            EXPECT_FALSE(failure.has_value());
        }
    }
}

}  // namespace
}  // namespace runtime::policy
