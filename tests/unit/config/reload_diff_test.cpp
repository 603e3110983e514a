#include "runtime/config/reload_diff.hpp"

#include <gtest/gtest.h>

namespace runtime::config {
namespace {

PoolSettings pool(const std::string& name, unsigned workers = 2) {
    PoolSettings p;
    p.name = name;
    p.entry = "/srv/" + name + "/public/index.php";
    p.workers = workers;
    return p;
}

Settings with_pools(std::vector<PoolSettings> pools) {
    Settings s;
    s.http_listen = ListenAddress{"127.0.0.1", 8080, ""};
    s.pools = std::move(pools);
    return s;
}

TEST(ReloadDiff, UnchangedConfigurationKeepsEveryPoolUnchanged) {
    const Settings running = with_pools({pool("app"), pool("api")});
    const ReloadDiff diff = diff_for_reload(running, running);
    ASSERT_EQ(diff.kept.size(), 2u);
    EXPECT_FALSE(diff.kept[0].changed);
    EXPECT_FALSE(diff.kept[1].changed);
    EXPECT_TRUE(diff.added.empty());
    EXPECT_TRUE(diff.removed.empty());
    EXPECT_TRUE(diff.restart_required.empty());
    EXPECT_FALSE(diff.shutdown_grace_changed);
}

TEST(ReloadDiff, PoolsAreMatchedByNameAndChangedSettingsAreFlagged) {
    const Settings running = with_pools({pool("app"), pool("api")});
    PoolSettings api = pool("api");
    api.policy.max_requests = 7;
    const ReloadDiff diff = diff_for_reload(running, with_pools({api, pool("app")}));
    ASSERT_EQ(diff.kept.size(), 2u);
    EXPECT_EQ(diff.kept[0].settings.name, "api");  // the loaded order
    EXPECT_TRUE(diff.kept[0].changed);
    EXPECT_EQ(diff.kept[0].settings.policy.max_requests, 7u);
    EXPECT_EQ(diff.kept[1].settings.name, "app");
    EXPECT_FALSE(diff.kept[1].changed);
}

TEST(ReloadDiff, AddedAndRemovedPools) {
    const Settings running = with_pools({pool("app"), pool("old")});
    const ReloadDiff diff = diff_for_reload(running, with_pools({pool("app"), pool("new", 3)}));
    ASSERT_EQ(diff.added.size(), 1u);
    EXPECT_EQ(diff.added[0].name, "new");
    EXPECT_EQ(diff.added[0].workers, 3u);
    EXPECT_EQ(diff.removed, std::vector<std::string>{"old"});
}

TEST(ReloadDiff, SettingsFixedAtStartNeedARestart) {
    const Settings running = with_pools({pool("app")});
    Settings loaded = running;
    loaded.http_listen = ListenAddress{"127.0.0.1", 9090, ""};
    loaded.admin_listen = ListenAddress{"127.0.0.1", 9181, ""};
    loaded.log.level = "debug";
    loaded.http.max_body_bytes = 1024;
    loaded.user = "www-data";
    const ReloadDiff diff = diff_for_reload(running, loaded);
    EXPECT_EQ(diff.restart_required,
              (std::vector<std::string>{"listen.http", "listen.admin", "log", "http", "user"}));
    EXPECT_FALSE(diff.kept.at(0).changed);
}

TEST(ReloadDiff, SlowRequestThresholdIsAppliedByTheRollingReload) {
    const Settings running = with_pools({pool("app")});
    Settings loaded = running;
    loaded.log.slow_request_threshold = std::chrono::milliseconds(500);
    loaded.pools[0].slow_request_threshold = loaded.log.slow_request_threshold;  // as resolve() copies it
    const ReloadDiff diff = diff_for_reload(running, loaded);
    EXPECT_TRUE(diff.restart_required.empty());
    EXPECT_TRUE(diff.kept.at(0).changed);
    EXPECT_EQ(settings_after_reload(running, loaded).log.slow_request_threshold, std::chrono::milliseconds(500));
}

TEST(SettingsAfterReload, TakesPoolsAndGraceButKeepsWhatNeedsARestart) {
    Settings running = with_pools({pool("app")});
    Settings loaded = with_pools({pool("app", 4), pool("api")});
    loaded.http_listen = ListenAddress{"0.0.0.0", 80, ""};
    loaded.shutdown_grace = seconds{5};
    loaded.log.level = "debug";
    const Settings applied = settings_after_reload(running, loaded);
    EXPECT_EQ(applied.pools, loaded.pools);
    EXPECT_EQ(applied.shutdown_grace, seconds{5});
    EXPECT_EQ(applied.http_listen, running.http_listen);
    EXPECT_EQ(applied.log, running.log);
    EXPECT_TRUE(diff_for_reload(running, loaded).shutdown_grace_changed);
}

}  // namespace
}  // namespace runtime::config
