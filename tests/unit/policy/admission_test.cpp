#include "runtime/policy/admission.hpp"

#include <gtest/gtest.h>

#include "runtime/policy/deadlines.hpp"
#include "test_support.hpp"

namespace runtime::policy {
namespace {

using namespace test;
using std::chrono::milliseconds;

config::PolicySettings queue(std::uint32_t length, milliseconds wait) {
    config::PolicySettings settings;
    settings.queue_length = length;
    settings.queue_wait = wait;
    return settings;
}

const TimePoint now = at(1h);
const Admission accepted{};

Admission rejected(RejectReason reason, std::chrono::seconds retry_after) {
    return Admission{.accepted = false, .reason = reason, .retry_after = retry_after};
}

struct AdmitCase {
    const char* name;
    config::PolicySettings settings;
    std::size_t depth;
    std::optional<milliseconds> oldest_waited;
    Admission expected;
};

void PrintTo(const AdmitCase& c, std::ostream* os) { *os << c.name; }

class Admit : public ::testing::TestWithParam<AdmitCase> {};

TEST_P(Admit, AcceptsOrRejectsWithRetryAfter) {
    const AdmitCase& c = GetParam();
    std::optional<TimePoint> oldest;
    if (c.oldest_waited) oldest = now - *c.oldest_waited;
    EXPECT_EQ(admit(c.depth, oldest, c.settings, now), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Policy, Admit,
    ::testing::Values(
        AdmitCase{"empty_queue", queue(10, 5000ms), 0, std::nullopt, accepted},
        AdmitCase{"room_left", queue(10, 5000ms), 9, 1000ms, accepted},
        AdmitCase{"queue_full", queue(10, 5000ms), 10, 1000ms, rejected(RejectReason::queue_full, 5s)},
        AdmitCase{"head_waited_just_under", queue(10, 5000ms), 3, 4999ms, accepted},
        AdmitCase{"head_timed_out", queue(10, 5000ms), 3, 5000ms, rejected(RejectReason::queue_timeout, 5s)},
        AdmitCase{"full_beats_timeout", queue(10, 5000ms), 10, 6000ms, rejected(RejectReason::queue_full, 5s)},
        AdmitCase{"no_waiting_room", queue(0, 5000ms), 0, std::nullopt, rejected(RejectReason::queue_full, 5s)},
        AdmitCase{"queue_wait_off", queue(10, 0ms), 3, 3600000ms, accepted},
        AdmitCase{"retry_after_rounds_up", queue(1, 1500ms), 1, std::nullopt,
                  rejected(RejectReason::queue_full, 2s)},
        AdmitCase{"retry_after_at_least_one_second", queue(1, 0ms), 1, std::nullopt,
                  rejected(RejectReason::queue_full, 1s)},
        AdmitCase{"retry_after_at_most_a_minute", queue(1, 600000ms), 1, std::nullopt,
                  rejected(RejectReason::queue_full, 60s)}),
    test::CaseName{});

TEST(CheckWaiting, GivesUpAtQueueWait) {
    const config::PolicySettings settings = queue(10, 5000ms);
    EXPECT_EQ(check_waiting(now - 4999ms, settings, now), accepted);
    EXPECT_EQ(check_waiting(now - 5000ms, settings, now), rejected(RejectReason::queue_timeout, 5s));
    EXPECT_EQ(check_waiting(now - 1h, queue(10, 0ms), now), accepted);
}

TEST(RejectReasonLabels, AreTheDocumentedMetricValues) {
    EXPECT_EQ(to_string(RejectReason::queue_full), "queue_full");
    EXPECT_EQ(to_string(RejectReason::queue_timeout), "queue_timeout");
    EXPECT_EQ(to_string(RejectReason::unavailable), "unavailable");
}

BackoffState backoff_after(std::initializer_list<SpawnFailure> failures) {
    config::PolicySettings settings;
    settings.backoff_max = 30s;
    BackoffState backoff(settings);
    TimePoint when = t0;
    for (SpawnFailure failure : failures) {
        backoff.on_failure(failure, when);
        when += backoff.next_delay(when);  // the next spawn failed once its delay was over
    }
    return backoff;
}

TEST(AdmitWhileFailing, QueuesWhileAWorkerServesOrNothingFailedToBoot) {
    const auto failing = backoff_after({SpawnFailure::boot_failure, SpawnFailure::boot_failure});
    EXPECT_EQ(admit_while_failing(1, failing, t0), accepted);
    EXPECT_EQ(admit_while_failing(0, backoff_after({}), t0), accepted);  // first boot still running
    EXPECT_EQ(admit_while_failing(0, backoff_after({SpawnFailure::crash}), t0), accepted);
}

TEST(AdmitWhileFailing, RejectsAtOnceWithTheRemainingBackoffAsRetryAfter) {
    const auto failing = backoff_after({SpawnFailure::boot_failure, SpawnFailure::boot_failure,
                                        SpawnFailure::boot_failure, SpawnFailure::boot_failure,
                                        SpawnFailure::boot_failure});
    const TimePoint fifth_failure = t0 + 1500ms;  // its delay is 1.6 s
    const auto delay = failing.next_delay(fifth_failure);
    ASSERT_GT(delay, 1s);
    const auto expected = std::chrono::ceil<std::chrono::seconds>(delay);
    EXPECT_EQ(admit_while_failing(0, failing, fifth_failure), rejected(RejectReason::unavailable, expected));
}

TEST(AdmitWhileFailing, RetryAfterIsAtLeastOneSecond) {
    const auto failing = backoff_after({SpawnFailure::boot_failure});
    EXPECT_EQ(admit_while_failing(0, failing, t0 + 1h), rejected(RejectReason::unavailable, 1s));
}

TEST(Deadlines, FollowTheSettingsAndZeroMeansOff) {
    config::PolicySettings settings;
    settings.request_timeout = 30s;
    settings.queue_wait = 2500ms;
    EXPECT_EQ(exec_deadline(t0, settings), at(30s));
    EXPECT_EQ(queue_deadline(t0, settings), at(2500ms));
    settings.request_timeout = 0s;
    settings.queue_wait = 0ms;
    EXPECT_EQ(exec_deadline(t0, settings), std::nullopt);
    EXPECT_EQ(queue_deadline(t0, settings), std::nullopt);
}

}  // namespace
}  // namespace runtime::policy
