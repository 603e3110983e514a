#include <gtest/gtest.h>

#include "runtime/obs/status_pages.hpp"
#include "sample_views.hpp"

namespace runtime::obs {
namespace {

class FpmStatusTest : public ::testing::Test {
protected:
    void SetUp() override { testing::use_utc(); }
};

TEST_F(FpmStatusTest, TextHasPhpFpmFieldNamesInOrder) {
    const std::string expected =
        "pool:                 default\n"
        "process manager:      static\n"
        "start time:           14/Nov/2023:22:13:20 +0000\n"
        "start since:          100\n"
        "accepted conn:        42\n"
        "listen queue:         2\n"
        "max listen queue:     5\n"
        "listen queue len:     1024\n"
        "idle processes:       1\n"
        "active processes:     1\n"
        "total processes:      2\n"
        "max active processes: 2\n"
        "max children reached: 0\n"
        "slow requests:        3\n";
    EXPECT_EQ(render_fpm_status(testing::sample_pool(), {}), expected);
}

TEST_F(FpmStatusTest, FullTextAddsOneBlockPerProcess) {
    const std::string page = render_fpm_status(testing::sample_pool(), {FpmFormat::text, true});
    const std::string first_block =
        "\n************************\n"
        "pid:                  1234\n"
        "state:                Running\n"
        "start time:           14/Nov/2023:22:14:00 +0000\n"
        "start since:          60\n"
        "requests:             7\n"
        "request duration:     250000\n"
        "request method:       POST\n"
        "request URI:          /orders?id=\"1\"\n"
        "content length:       12\n"
        "user:                 -\n"
        "script:               /srv/app/public/index.php\n"
        "last request cpu:     0.00\n"
        "last request memory:  2097152\n";
    EXPECT_NE(page.find(first_block), std::string::npos) << page;
    EXPECT_NE(page.find("state:                Idle\n"), std::string::npos);
    // Unknown (chunked) length shows as 0, like php-fpm.
    EXPECT_NE(page.find("content length:       0\n"), std::string::npos);
}

TEST_F(FpmStatusTest, JsonUsesTheSameKeys) {
    const std::string expected =
        R"({"pool":"default","process manager":"static","start time":1700000000,"start since":100,)"
        R"("accepted conn":42,"listen queue":2,"max listen queue":5,"listen queue len":1024,)"
        R"("idle processes":1,"active processes":1,"total processes":2,"max active processes":2,)"
        R"("max children reached":0,"slow requests":3})";
    EXPECT_EQ(render_fpm_status(testing::sample_pool(), {FpmFormat::json, false}), expected);
}

TEST_F(FpmStatusTest, ElasticPoolIsDynamic) {
    PoolView pool = testing::sample_pool();
    pool.min_workers = 1;
    pool.max_workers = 4;
    EXPECT_NE(render_fpm_status(pool, {FpmFormat::text, false}).find("process manager:      dynamic\n"),
              std::string::npos);
    pool.min_workers = pool.max_workers = 2;
    EXPECT_NE(render_fpm_status(pool, {FpmFormat::text, false}).find("process manager:      static\n"),
              std::string::npos);
}

TEST_F(FpmStatusTest, FullJsonListsProcesses) {
    const std::string page = render_fpm_status(testing::sample_pool(), {FpmFormat::json, true});
    const std::string busy =
        R"({"pid":1234,"state":"Running","start time":1700000040,"start since":60,"requests":7,)"
        R"("request duration":250000,"request method":"POST","request URI":"/orders?id=\"1\"",)"
        R"("content length":12,"user":"-","script":"/srv/app/public/index.php","last request cpu":0.00,)"
        R"("last request memory":2097152})";
    EXPECT_NE(page.find(R"(, "processes":[)" + busy + ",{\"pid\":1235,"), std::string::npos) << page;
    EXPECT_EQ(page.back(), '}');
}

TEST_F(FpmStatusTest, StateNamesFollowPhpFpm) {
    EXPECT_EQ(fpm_state_name("idle"), "Idle");
    EXPECT_EQ(fpm_state_name("busy"), "Running");
    EXPECT_EQ(fpm_state_name("starting"), "Starting");
    EXPECT_EQ(fpm_state_name("retiring"), "Finishing");
}

}  // namespace
}  // namespace runtime::obs
