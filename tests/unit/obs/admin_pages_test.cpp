#include <gtest/gtest.h>

#include "runtime/obs/admin_pages.hpp"
#include "sample_views.hpp"

namespace runtime::obs {
namespace {

class AdminPagesTest : public ::testing::Test {
protected:
    void SetUp() override { testing::use_utc(); }

    AdminReply get(std::string_view target, std::string_view method = "GET") {
        return answer_admin(method, target, sources);
    }

    ServerView view{false, {testing::sample_pool()}};
    int views_taken = 0;
    AdminSources sources{[this] {
                             ++views_taken;
                             return view;
                         },
                         [] { return std::string("# metrics\n"); }};
};

TEST_F(AdminPagesTest, MetricsUsePrometheusTextFormat) {
    const auto reply = get("/metrics");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(reply.body, "# metrics\n");
    EXPECT_EQ(views_taken, 0);
}

TEST_F(AdminPagesTest, HealthAndPing) {
    EXPECT_EQ(get("/healthz").body, "ok\n");
    EXPECT_EQ(get("/ping").body, "pong\n");
    EXPECT_EQ(get("/ping", "HEAD").status, 200);
}

TEST_F(AdminPagesTest, ReadyzFollowsReadiness) {
    EXPECT_EQ(get("/readyz").status, 200);
    view.draining = true;
    const auto reply = get("/readyz");
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(reply.body, "draining\n");
}

TEST_F(AdminPagesTest, StatusIsJson) {
    const auto reply = get("/status");
    EXPECT_EQ(reply.content_type, "application/json");
    EXPECT_EQ(reply.body.rfind("{\"ready\":true", 0), 0u);
}

TEST_F(AdminPagesTest, FpmStatusFormats) {
    EXPECT_EQ(get("/fpm-status").body.rfind("pool:                 default\n", 0), 0u);
    const auto json = get("/fpm-status?json");
    EXPECT_EQ(json.content_type, "application/json");
    EXPECT_EQ(json.body.find(R"("processes")"), std::string::npos);
    EXPECT_NE(get("/fpm-status?json&full").body.find(R"("processes":[)"), std::string::npos);
    EXPECT_NE(get("/fpm-status?full").body.find("************************\npid:"), std::string::npos);
}

TEST_F(AdminPagesTest, FpmStatusPicksAPool) {
    PoolView api = testing::sample_pool();
    api.name = "api";
    view.pools.push_back(api);
    EXPECT_EQ(get("/fpm-status?pool=api").body.rfind("pool:                 api\n", 0), 0u);
    EXPECT_EQ(get("/fpm-status?pool=nope").status, 404);
}

TEST_F(AdminPagesTest, UnknownPathAndMethod) {
    EXPECT_EQ(get("/nope").status, 404);
    const auto reply = get("/metrics", "POST");
    EXPECT_EQ(reply.status, 405);
    ASSERT_EQ(reply.headers.size(), 1u);
    EXPECT_EQ(reply.headers[0].first, "Allow");
}

}  // namespace
}  // namespace runtime::obs
