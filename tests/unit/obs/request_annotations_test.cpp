#include <gtest/gtest.h>

#include "runtime/obs/request_annotations.hpp"

namespace runtime::obs {
namespace {

TEST(RequestAnnotations, ReadsRouteLeaksAndSlow) {
    const auto read = read_annotations({{"route", "blog_show"},
                                        {"state_leak.static_property", "App\\Cache::$items"},
                                        {"state_leak.global", "counter"},
                                        {"slow", "1500"},
                                        {"custom", "ignored"}});
    ASSERT_TRUE(read.route);
    EXPECT_EQ(*read.route, "blog_show");
    ASSERT_EQ(read.state_leaks.size(), 2u);
    EXPECT_EQ(read.state_leaks[0].kind, "static_property");
    EXPECT_EQ(read.state_leaks[0].name, "App\\Cache::$items");
    EXPECT_EQ(read.state_leaks[1].kind, "global");
    ASSERT_TRUE(read.slow_ms);
    EXPECT_DOUBLE_EQ(*read.slow_ms, 1500);
}

TEST(RequestAnnotations, NothingAnnotated) {
    const auto read = read_annotations({});
    EXPECT_FALSE(read.route);
    EXPECT_TRUE(read.state_leaks.empty());
    EXPECT_FALSE(read.slow_ms);
}

TEST(RequestAnnotations, EmptyRouteAndBareLeakPrefixAreIgnored) {
    const auto read = read_annotations({{"route", ""}, {"state_leak.", "x"}, {"slow", "soon"}});
    EXPECT_FALSE(read.route);
    EXPECT_TRUE(read.state_leaks.empty());
    ASSERT_TRUE(read.slow_ms);  // still slow, duration unknown
    EXPECT_DOUBLE_EQ(*read.slow_ms, 0);
}

}  // namespace
}  // namespace runtime::obs
