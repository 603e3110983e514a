// net::StaticMissCache: negative results of the static-file lookup, kept briefly and bounded.
#include <gtest/gtest.h>

#include "static_miss_cache.hpp"

namespace runtime::net {
namespace {

using namespace std::chrono_literals;
using Clock = StaticMissCache::Clock;

TEST(StaticMissCache, AMissIsRememberedForItsValidityOnly) {
    StaticMissCache cache(1s);
    const auto t0 = Clock::now();
    EXPECT_FALSE(cache.recently_missing("api/users", t0));
    cache.remember_missing("api/users", t0);
    EXPECT_TRUE(cache.recently_missing("api/users", t0 + 999ms));
    EXPECT_FALSE(cache.recently_missing("api/users", t0 + 1s));
    EXPECT_FALSE(cache.recently_missing("api/other", t0));
}

TEST(StaticMissCache, RememberingAgainRenewsTheEntry) {
    StaticMissCache cache(1s);
    const auto t0 = Clock::now();
    cache.remember_missing("x", t0);
    cache.remember_missing("x", t0 + 2s);
    EXPECT_TRUE(cache.recently_missing("x", t0 + 2500ms));
}

TEST(StaticMissCache, StaysWithinItsCapacity) {
    StaticMissCache cache(1s, 3);
    const auto t0 = Clock::now();
    for (int i = 0; i < 10; ++i) cache.remember_missing("p" + std::to_string(i), t0);
    EXPECT_LE(cache.size(), 3u);
    EXPECT_TRUE(cache.recently_missing("p9", t0));
}

}  // namespace
}  // namespace runtime::net
