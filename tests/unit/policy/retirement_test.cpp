#include "runtime/policy/retirement.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;
using config::PolicySettings;

constexpr std::uint64_t MiB = 1024 * 1024;

PolicySettings limits() {
    PolicySettings settings;
    settings.max_requests = 100;
    settings.max_rss_bytes = 256 * MiB;
    settings.max_php_memory_bytes = 128 * MiB;
    settings.max_consecutive_failures = 3;
    settings.ttl = 3600s;
    settings.idle_ttl = 300s;
    return settings;
}

// A healthy worker, 60 s old, that just finished its tenth request.
WorkerSnapshot healthy() {
    WorkerSnapshot worker;
    worker.requests_served = 10;
    worker.rss_bytes = 64 * MiB;
    worker.php_memory_bytes = 16 * MiB;
    worker.started_at = t0;
    worker.last_request_finished_at = at(60s);
    return worker;
}

const TimePoint now = at(60s);

using Mutation = std::function<void(WorkerSnapshot&)>;

struct RuleCase {
    std::string name;
    Mutation mutate;
    Decision after_request;
    Decision when_idle;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class SingleRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(SingleRule, DecidesAsDocumented) {
    const RuleCase& c = GetParam();
    WorkerSnapshot worker = healthy();
    c.mutate(worker);
    EXPECT_EQ(decide_after_request(worker, limits(), now), c.after_request);
    EXPECT_EQ(decide_when_idle(worker, limits(), now), c.when_idle);
}

Decision keep() { return Decision::keep(); }
Decision retire(RetireReason why, std::uint64_t observed = 0, std::uint64_t limit = 0) {
    return Decision::retire(why, observed, limit);
}

INSTANTIATE_TEST_SUITE_P(
    Retirement, SingleRule,
    ::testing::Values(
        RuleCase{"healthy", [](WorkerSnapshot&) {}, keep(), keep()},
        RuleCase{"crashed", [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::crashed; },
                 retire(RetireReason::crash), retire(RetireReason::crash)},
        RuleCase{"timeout", [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::timeout; },
                 retire(RetireReason::exec_timeout), retire(RetireReason::exec_timeout)},
        RuleCase{"unsafe_flag", [](WorkerSnapshot& w) { w.unsafe = true; }, retire(RetireReason::reset_error),
                 retire(RetireReason::reset_error)},
        RuleCase{"reset_failed_outcome", [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::reset_failed; },
                 retire(RetireReason::reset_error), retire(RetireReason::reset_error)},
        RuleCase{"fatal_error", [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::fatal_error; },
                 retire(RetireReason::fatal_error), retire(RetireReason::fatal_error)},
        RuleCase{"exit_called", [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::exit_called; },
                 retire(RetireReason::exit_called), retire(RetireReason::exit_called)},
        RuleCase{"uncaught_exception_alone_keeps",
                 [](WorkerSnapshot& w) {
                     w.last_outcome = RequestOutcome::uncaught_exception;
                     w.consecutive_failures = 1;
                 },
                 keep(), keep()},
        RuleCase{"failures_below_limit", [](WorkerSnapshot& w) { w.consecutive_failures = 2; }, keep(), keep()},
        RuleCase{"failures_at_limit", [](WorkerSnapshot& w) { w.consecutive_failures = 3; },
                 retire(RetireReason::consecutive_failures, 3, 3),
                 retire(RetireReason::consecutive_failures, 3, 3)},
        RuleCase{"rss_at_ceiling_keeps", [](WorkerSnapshot& w) { w.rss_bytes = 256 * MiB; }, keep(), keep()},
        RuleCase{"rss_above_ceiling", [](WorkerSnapshot& w) { w.rss_bytes = 256 * MiB + 1; },
                 retire(RetireReason::memory_rss, 256 * MiB + 1, 256 * MiB),
                 retire(RetireReason::memory_rss, 256 * MiB + 1, 256 * MiB)},
        RuleCase{"php_memory_at_ceiling_keeps", [](WorkerSnapshot& w) { w.php_memory_bytes = 128 * MiB; }, keep(),
                 keep()},
        RuleCase{"php_memory_above_ceiling", [](WorkerSnapshot& w) { w.php_memory_bytes = 200 * MiB; },
                 retire(RetireReason::memory_php, 200 * MiB, 128 * MiB),
                 retire(RetireReason::memory_php, 200 * MiB, 128 * MiB)},
        RuleCase{"requests_below_limit", [](WorkerSnapshot& w) { w.requests_served = 99; }, keep(), keep()},
        RuleCase{"requests_at_limit", [](WorkerSnapshot& w) { w.requests_served = 100; },
                 retire(RetireReason::max_requests, 100, 100), retire(RetireReason::max_requests, 100, 100)},
        RuleCase{"ttl_not_reached", [](WorkerSnapshot& w) { w.started_at = now - 3599s; }, keep(), keep()},
        RuleCase{"ttl_reached", [](WorkerSnapshot& w) { w.started_at = now - 3600s; },
                 retire(RetireReason::ttl, 3600, 3600), retire(RetireReason::ttl, 3600, 3600)},
        RuleCase{"idle_not_long_enough", [](WorkerSnapshot& w) { w.last_request_finished_at = now - 299s; },
                 keep(), keep()},
        RuleCase{"idle_ttl_only_when_idle", [](WorkerSnapshot& w) { w.last_request_finished_at = now - 300s; },
                 keep(), retire(RetireReason::idle_ttl, 300, 300)},
        RuleCase{"idle_since_start_without_requests",
                 [](WorkerSnapshot& w) {
                     w.requests_served = 0;
                     w.started_at = now - 400s;
                     w.last_request_finished_at.reset();
                 },
                 keep(), retire(RetireReason::idle_ttl, 400, 300)},
        RuleCase{"draining_for_shutdown", [](WorkerSnapshot& w) { w.draining = DrainCause::shutdown; },
                 retire(RetireReason::shutdown), retire(RetireReason::shutdown)},
        RuleCase{"draining_for_reload", [](WorkerSnapshot& w) { w.draining = DrainCause::reload; },
                 retire(RetireReason::reload), retire(RetireReason::reload)}),
    test::CaseName{});

TEST(Retirement, DisabledLimitsNeverFire) {
    PolicySettings off;
    off.max_requests = 0;
    off.max_rss_bytes = 0;
    off.max_php_memory_bytes = 0;
    off.max_consecutive_failures = 0;
    off.ttl = 0s;
    off.idle_ttl = 0s;
    WorkerSnapshot worker = healthy();
    worker.requests_served = 1'000'000;
    worker.consecutive_failures = 1'000;
    worker.rss_bytes = 64ull * 1024 * MiB;
    worker.php_memory_bytes = 64ull * 1024 * MiB;
    worker.started_at = now - 1000h;
    worker.last_request_finished_at = now - 1000h;
    EXPECT_EQ(decide_after_request(worker, off, now), Decision::keep());
    EXPECT_EQ(decide_when_idle(worker, off, now), Decision::keep());
}

// The documented precedence, most severe first. Each step makes its own rule fire; the ladder
// test applies a step and every step below it, and expects the step's own reason.
struct Rung {
    RetireReason reason;
    Mutation fire;
};

std::vector<Rung> precedence_ladder() {
    return {
        {RetireReason::crash, [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::crashed; }},
        {RetireReason::exec_timeout, [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::timeout; }},
        {RetireReason::reset_error, [](WorkerSnapshot& w) { w.unsafe = true; }},
        {RetireReason::fatal_error, [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::fatal_error; }},
        {RetireReason::exit_called, [](WorkerSnapshot& w) { w.last_outcome = RequestOutcome::exit_called; }},
        {RetireReason::consecutive_failures, [](WorkerSnapshot& w) { w.consecutive_failures = 5; }},
        {RetireReason::memory_rss, [](WorkerSnapshot& w) { w.rss_bytes = 512 * MiB; }},
        {RetireReason::memory_php, [](WorkerSnapshot& w) { w.php_memory_bytes = 512 * MiB; }},
        {RetireReason::max_requests, [](WorkerSnapshot& w) { w.requests_served = 500; }},
        {RetireReason::ttl, [](WorkerSnapshot& w) { w.started_at = now - 7200s; }},
        {RetireReason::idle_ttl, [](WorkerSnapshot& w) { w.last_request_finished_at = now - 600s; }},
        {RetireReason::shutdown, [](WorkerSnapshot& w) { w.draining = DrainCause::shutdown; }},
        {RetireReason::reload, [](WorkerSnapshot& w) { w.draining = DrainCause::reload; }},
    };
}

// Applies rungs [from, end) bottom-up, so the top rung's write wins on shared fields.
WorkerSnapshot with_rules_from(const std::vector<Rung>& ladder, std::size_t from) {
    WorkerSnapshot worker = healthy();
    for (std::size_t i = ladder.size(); i-- > from;) ladder[i].fire(worker);
    return worker;
}

TEST(RetirementPrecedence, MostSevereReasonWinsWhenIdle) {
    const std::vector<Rung> ladder = precedence_ladder();
    for (std::size_t i = 0; i < ladder.size(); ++i) {
        SCOPED_TRACE(std::string(to_string(ladder[i].reason)) + "/" + std::string(detail_of(ladder[i].reason)));
        const Decision decision = decide_when_idle(with_rules_from(ladder, i), limits(), now);
        EXPECT_TRUE(decision.retires());
        EXPECT_EQ(decision.reason, ladder[i].reason);
    }
}

TEST(RetirementPrecedence, MostSevereReasonWinsAfterRequest) {
    const std::vector<Rung> ladder = precedence_ladder();
    for (std::size_t i = 0; i < ladder.size(); ++i) {
        const RetireReason expected =
            ladder[i].reason == RetireReason::idle_ttl ? RetireReason::shutdown : ladder[i].reason;
        SCOPED_TRACE(std::string(to_string(ladder[i].reason)) + "/" + std::string(detail_of(ladder[i].reason)));
        EXPECT_EQ(decide_after_request(with_rules_from(ladder, i), limits(), now).reason, expected);
    }
}

struct PairCase {
    std::string name;
    Mutation mutate;
    RetireReason expected;
};

void PrintTo(const PairCase& c, std::ostream* os) { *os << c.name; }

class RulePairs : public ::testing::TestWithParam<PairCase> {};

TEST_P(RulePairs, ReportsTheMoreSevereReason) {
    WorkerSnapshot worker = healthy();
    GetParam().mutate(worker);
    EXPECT_EQ(decide_when_idle(worker, limits(), now).reason, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Retirement, RulePairs,
    ::testing::Values(
        PairCase{"unsafe_beats_fatal",
                 [](WorkerSnapshot& w) {
                     w.unsafe = true;
                     w.last_outcome = RequestOutcome::fatal_error;
                 },
                 RetireReason::reset_error},
        PairCase{"crash_beats_unsafe",
                 [](WorkerSnapshot& w) {
                     w.unsafe = true;
                     w.last_outcome = RequestOutcome::crashed;
                 },
                 RetireReason::crash},
        PairCase{"exit_beats_failures",
                 [](WorkerSnapshot& w) {
                     w.last_outcome = RequestOutcome::exit_called;
                     w.consecutive_failures = 3;
                 },
                 RetireReason::exit_called},
        PairCase{"failures_beat_memory",
                 [](WorkerSnapshot& w) {
                     w.consecutive_failures = 3;
                     w.rss_bytes = 1024 * MiB;
                 },
                 RetireReason::consecutive_failures},
        PairCase{"rss_beats_php_memory",
                 [](WorkerSnapshot& w) {
                     w.rss_bytes = 1024 * MiB;
                     w.php_memory_bytes = 1024 * MiB;
                 },
                 RetireReason::memory_rss},
        PairCase{"memory_beats_max_requests",
                 [](WorkerSnapshot& w) {
                     w.php_memory_bytes = 1024 * MiB;
                     w.requests_served = 100;
                 },
                 RetireReason::memory_php},
        PairCase{"max_requests_beats_ttl",
                 [](WorkerSnapshot& w) {
                     w.requests_served = 100;
                     w.started_at = now - 4000s;
                 },
                 RetireReason::max_requests},
        PairCase{"ttl_beats_idle_ttl",
                 [](WorkerSnapshot& w) {
                     w.started_at = now - 4000s;
                     w.last_request_finished_at = now - 400s;
                 },
                 RetireReason::ttl},
        PairCase{"limits_beat_reload",
                 [](WorkerSnapshot& w) {
                     w.requests_served = 100;
                     w.draining = DrainCause::reload;
                 },
                 RetireReason::max_requests}),
    test::CaseName{});

struct LabelCase {
    RetireReason reason;
    std::string_view label;
    std::string_view detail;
};

TEST(RetireReasonLabels, AreTheDocumentedMetricValues) {
    const LabelCase cases[] = {
        {RetireReason::crash, "crash", ""},
        {RetireReason::exec_timeout, "exec_timeout", ""},
        {RetireReason::reset_error, "reset_error", ""},
        {RetireReason::fatal_error, "fatal_error", ""},
        {RetireReason::exit_called, "exit_called", ""},
        {RetireReason::boot_failure, "boot_failure", ""},
        {RetireReason::consecutive_failures, "consecutive_failures", ""},
        {RetireReason::memory_rss, "memory", "rss"},
        {RetireReason::memory_php, "memory", "php"},
        {RetireReason::max_requests, "max_requests", ""},
        {RetireReason::ttl, "ttl", ""},
        {RetireReason::idle_ttl, "idle_ttl", ""},
        {RetireReason::shutdown, "shutdown", ""},
        {RetireReason::reload, "reload", ""},
        {RetireReason::opcache_restart, "opcache_restart", ""},
        {RetireReason::scale_down, "scale_down", ""},
    };
    ASSERT_EQ(std::size(cases), all_retire_reasons.size());
    for (const LabelCase& c : cases) {
        EXPECT_EQ(to_string(c.reason), c.label);
        EXPECT_EQ(detail_of(c.reason), c.detail);
    }
}

// Turnaround hiding: a worker gets the next request before its report only when no rule
// could fire after the current one, even if it fails, counts and grows memory by an eighth.
TEST(HandOverBeforeReport, AllowedForAHealthyWorker) {
    EXPECT_TRUE(may_hand_over_before_report(healthy(), limits(), now));
}

TEST(HandOverBeforeReport, RefusedWhenTheCurrentRequestReachesMaxRequests) {
    WorkerSnapshot worker = healthy();
    worker.requests_served = 98;
    EXPECT_TRUE(may_hand_over_before_report(worker, limits(), now));
    worker.requests_served = 99;  // the current request is the hundredth
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
}

TEST(HandOverBeforeReport, RefusedWhenOneMoreFailureWouldRetire) {
    WorkerSnapshot worker = healthy();
    worker.consecutive_failures = 1;
    EXPECT_TRUE(may_hand_over_before_report(worker, limits(), now));
    worker.consecutive_failures = 2;
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
}

TEST(HandOverBeforeReport, RefusedNearAMemoryCeiling) {
    WorkerSnapshot worker = healthy();
    worker.rss_bytes = 224 * MiB;  // + 1/8 = 252 MiB, under 256
    EXPECT_TRUE(may_hand_over_before_report(worker, limits(), now));
    worker.rss_bytes = 240 * MiB;  // + 1/8 = 270 MiB
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
    worker = healthy();
    worker.php_memory_bytes = 120 * MiB;
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
}

TEST(HandOverBeforeReport, RefusedAtTtlAndWhileDraining) {
    EXPECT_FALSE(may_hand_over_before_report(healthy(), limits(), at(3600s)));
    WorkerSnapshot worker = healthy();
    worker.draining = DrainCause::reload;
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
    worker.draining = DrainCause::shutdown;
    EXPECT_FALSE(may_hand_over_before_report(worker, limits(), now));
}

TEST(HandOverBeforeReport, UnlimitedSettingsAlwaysAllow) {
    WorkerSnapshot worker = healthy();
    worker.requests_served = 1'000'000;
    worker.consecutive_failures = std::numeric_limits<std::uint32_t>::max();
    PolicySettings unlimited;
    unlimited.max_requests = 0;
    unlimited.max_consecutive_failures = 0;
    EXPECT_TRUE(may_hand_over_before_report(worker, unlimited, now));
}

TEST(HandOverPause, LastsTenSecondsAfterASlowTurnaround) {
    EXPECT_FALSE(hand_over_paused(std::nullopt, now));
    EXPECT_TRUE(hand_over_paused(at(0s), at(0s)));
    EXPECT_TRUE(hand_over_paused(at(0s), at(9s)));
    EXPECT_FALSE(hand_over_paused(at(0s), at(10s)));
}

}  // namespace
}  // namespace runtime::policy
