// Single byte ranges: satisfiable -> 206 bounds, past the end -> 416, anything else -> full.
#include <gtest/gtest.h>

#include "runtime/http/static_range.hpp"

namespace runtime::http {
namespace {

void expect_partial(std::string_view header, std::uint64_t size, std::uint64_t first, std::uint64_t length) {
    const auto decision = evaluate_range(header, size);
    ASSERT_EQ(decision.kind, RangeDecision::partial) << header;
    EXPECT_EQ(decision.range.first, first) << header;
    EXPECT_EQ(decision.range.length, length) << header;
}

TEST(StaticRange, ClosedOpenAndSuffixRanges) {
    expect_partial("bytes=0-99", 1000, 0, 100);
    expect_partial("bytes=500-", 1000, 500, 500);
    expect_partial("bytes=-100", 1000, 900, 100);
    expect_partial("Bytes=10-19", 1000, 10, 10);
}

TEST(StaticRange, ClampsToTheEndOfTheFile) {
    expect_partial("bytes=900-5000", 1000, 900, 100);
    expect_partial("bytes=-5000", 1000, 0, 1000);
    expect_partial("bytes=999-999", 1000, 999, 1);
}

TEST(StaticRange, StartingPastTheEndIsUnsatisfiable) {
    EXPECT_EQ(evaluate_range("bytes=1000-", 1000).kind, RangeDecision::unsatisfiable);
    EXPECT_EQ(evaluate_range("bytes=2000-3000", 1000).kind, RangeDecision::unsatisfiable);
    EXPECT_EQ(evaluate_range("bytes=-0", 1000).kind, RangeDecision::unsatisfiable);
    EXPECT_EQ(evaluate_range("bytes=0-", 0).kind, RangeDecision::unsatisfiable);
}

TEST(StaticRange, InvalidOrMultipleRangesAreIgnored) {
    for (const char* header : {"items=0-1", "bytes=", "bytes=5", "bytes=9-3", "bytes=a-b", "bytes=0-1,5-6",
                               "bytes=-", "bytes=+1-2", "bytes=99999999999999999999999-"}) {
        EXPECT_EQ(evaluate_range(header, 1000).kind, RangeDecision::full) << header;
    }
}

}  // namespace
}  // namespace runtime::http
