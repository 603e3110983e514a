#include "runtime/http2/rate_window.hpp"

#include <gtest/gtest.h>

namespace runtime::http2 {
namespace {

using namespace std::chrono_literals;
using Clock = RateWindow::Clock;

TEST(RateWindow, ExceedsOnlyPastTheLimitWithinOneWindow) {
    RateWindow window(3, 10s);
    const auto t0 = Clock::time_point{} + 100s;
    EXPECT_FALSE(window.exceeded_after(t0));
    EXPECT_FALSE(window.exceeded_after(t0 + 1s));
    EXPECT_FALSE(window.exceeded_after(t0 + 2s));
    EXPECT_TRUE(window.exceeded_after(t0 + 3s));
}

TEST(RateWindow, ANewWindowStartsAfresh) {
    RateWindow window(2, 10s);
    const auto t0 = Clock::time_point{} + 100s;
    EXPECT_FALSE(window.exceeded_after(t0));
    EXPECT_FALSE(window.exceeded_after(t0 + 1s));
    EXPECT_FALSE(window.exceeded_after(t0 + 10s));
    EXPECT_FALSE(window.exceeded_after(t0 + 11s));
    EXPECT_TRUE(window.exceeded_after(t0 + 12s));
}

TEST(RateWindow, ZeroMeansUnlimited) {
    RateWindow window(0, 10s);
    for (int i = 0; i < 10000; ++i) EXPECT_FALSE(window.exceeded_after(Clock::time_point{} + 1s));
}

}  // namespace
}  // namespace runtime::http2
