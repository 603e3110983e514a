#include <gtest/gtest.h>

#include "runtime/obs/status_pages.hpp"
#include "sample_views.hpp"

namespace runtime::obs {
namespace {

TEST(StatusJson, ListsPoolTotalsAndWorkers) {
    ServerView server{false, {testing::sample_pool()}};
    const std::string page = render_status_json(server);
    EXPECT_EQ(page.rfind(R"({"ready":true,"draining":false,"pools":[{"name":"default","ready":true,)", 0), 0u) << page;
    EXPECT_NE(page.find(R"("idle":1,"busy":1,"starting":1,"retiring":0,"total":3,"queue_depth":2,)"), std::string::npos);
    EXPECT_NE(page.find(R"("last_recycle_reason":"max_requests")"), std::string::npos);
    EXPECT_NE(page.find(R"({"pid":1234,"state":"busy","requests":7,"rss_bytes":52428800,"age_seconds":60.000,)"
                        R"("method":"POST","uri":"/orders?id=\"1\"","request_seconds":0.250})"),
              std::string::npos)
        << page;
    // An idle worker has no current request.
    EXPECT_NE(page.find(R"({"pid":1235,"state":"idle","requests":3,"rss_bytes":0,"age_seconds":10.000,)"
                        R"("method":null,"uri":null,"request_seconds":null})"),
              std::string::npos)
        << page;
}

TEST(StatusJson, ShowsTheElasticBoundsAndTarget) {
    PoolView pool = testing::sample_pool();
    pool.min_workers = 1;
    pool.max_workers = 4;
    pool.target_workers = 3;
    const std::string page = render_status_json(ServerView{false, {pool}});
    EXPECT_NE(page.find(R"("configured_workers":2,"min_workers":1,"max_workers":4,"target_workers":3,"idle":1,)"),
              std::string::npos)
        << page;
}

TEST(StatusJson, NoRecycleYetIsNull) {
    PoolView pool = testing::sample_pool();
    pool.last_recycle_reason.clear();
    const std::string page = render_status_json(ServerView{false, {pool}});
    EXPECT_NE(page.find(R"("last_recycle_reason":null)"), std::string::npos);
}

TEST(Readiness, ReadyWhenEveryPoolIsReady) {
    PoolView api = testing::sample_pool();
    api.name = "api";
    EXPECT_TRUE(readiness(ServerView{false, {testing::sample_pool(), api}}).ready);
}

TEST(Readiness, NamesThePoolThatIsNotReady) {
    PoolView api = testing::sample_pool();
    api.name = "api";
    api.ready = false;
    const auto result = readiness(ServerView{false, {testing::sample_pool(), api}});
    EXPECT_FALSE(result.ready);
    EXPECT_EQ(result.reason, "pool api: no ready worker");
}

TEST(Readiness, DrainingIsNotReady) {
    const auto result = readiness(ServerView{true, {testing::sample_pool()}});
    EXPECT_FALSE(result.ready);
    EXPECT_EQ(result.reason, "draining");
}

TEST(Readiness, NoPoolIsNotReady) { EXPECT_FALSE(readiness(ServerView{}).ready); }

}  // namespace
}  // namespace runtime::obs
