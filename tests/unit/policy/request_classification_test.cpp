#include "runtime/policy/request_classification.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "test_support.hpp"

namespace runtime::policy {
namespace {

struct ClassificationCase {
    const char* name;
    RequestOutcome outcome;
    int status;
    RequestVerdict expected;
};

void PrintTo(const ClassificationCase& c, std::ostream* os) { *os << c.name; }

class Classification : public ::testing::TestWithParam<ClassificationCase> {};

TEST_P(Classification, CountsOnlyWorkerFailures) {
    EXPECT_EQ(classify_request(GetParam().outcome, GetParam().status), GetParam().expected);
}

constexpr auto success = RequestVerdict::success;
constexpr auto failure = RequestVerdict::failure;

INSTANTIATE_TEST_SUITE_P(
    Policy, Classification,
    ::testing::Values(ClassificationCase{"ok_200", RequestOutcome::ok, 200, success},
                      ClassificationCase{"ok_404", RequestOutcome::ok, 404, success},
                      ClassificationCase{"deliberate_500", RequestOutcome::ok, 500, success},
                      ClassificationCase{"deliberate_503", RequestOutcome::ok, 503, success},
                      ClassificationCase{"exception_500", RequestOutcome::uncaught_exception, 500, failure},
                      ClassificationCase{"exception_502", RequestOutcome::uncaught_exception, 502, failure},
                      ClassificationCase{"exception_no_response", RequestOutcome::uncaught_exception, 0, failure},
                      ClassificationCase{"exception_mapped_to_404", RequestOutcome::uncaught_exception, 404,
                                         success},
                      ClassificationCase{"fatal_500", RequestOutcome::fatal_error, 500, failure},
                      ClassificationCase{"fatal_after_200_sent", RequestOutcome::fatal_error, 200, failure},
                      ClassificationCase{"reset_failed_after_200", RequestOutcome::reset_failed, 200, failure},
                      ClassificationCase{"timeout_504", RequestOutcome::timeout, 504, failure},
                      ClassificationCase{"crashed_502", RequestOutcome::crashed, 502, failure},
                      ClassificationCase{"exit_200", RequestOutcome::exit_called, 200, success},
                      ClassificationCase{"exit_500", RequestOutcome::exit_called, 500, success}),
    test::CaseName{});

TEST(ConsecutiveFailures, FailureIncrementsSuccessResets) {
    EXPECT_EQ(consecutive_failures_after(0, RequestOutcome::uncaught_exception, 500), 1u);
    EXPECT_EQ(consecutive_failures_after(2, RequestOutcome::fatal_error, 500), 3u);
    EXPECT_EQ(consecutive_failures_after(4, RequestOutcome::ok, 200), 0u);
    EXPECT_EQ(consecutive_failures_after(4, RequestOutcome::ok, 503), 0u);
    EXPECT_EQ(consecutive_failures_after(4, RequestOutcome::uncaught_exception, 404), 0u);
}

TEST(ConsecutiveFailures, SaturatesInsteadOfWrapping) {
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    EXPECT_EQ(consecutive_failures_after(max, RequestOutcome::crashed, 0), max);
}

}  // namespace
}  // namespace runtime::policy
