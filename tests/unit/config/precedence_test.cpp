// Precedence: flags > environment > file > defaults, and the defaults filled by resolve().
#include <gtest/gtest.h>

#include "config_fixture.hpp"

namespace runtime::config::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view file_with_values =
    "listen:\n"
    "  http: 127.0.0.1:8001\n"
    "log:\n"
    "  level: warn\n"
    "pools:\n"
    "  - name: app\n"
    "    entry: app/public/index.php\n"
    "    workers: 2\n"
    "    policy:\n"
    "      max_requests: 100\n"
    "      request_timeout: 10s\n"
    "      max_rss: 128M\n"
    "  - name: api\n"
    "    entry: api/public/index.php\n"
    "    workers: 7\n"
    "    routing:\n"
    "      path_prefix: /api\n";

const Environment environment_values{
    {"RUNTIME_LISTEN", "127.0.0.1:8002"}, {"RUNTIME_LOG_LEVEL", "error"}, {"WORKERS", "3"},
    {"MAX_REQUESTS", "200"},              {"REQUEST_TIMEOUT", "20"},      {"MAX_RSS", "256M"}};

const std::vector<std::string> flag_values{"--listen", "127.0.0.1:8003", "--log-level", "debug", "--workers", "5",
                                           "--max-requests", "300", "--request-timeout", "30s"};

TEST_F(ConfigTest, DefaultsApplyWhenNothingIsGiven) {
    auto settings = load({"serve", "--entry", "app/public/index.php"}).value();
    EXPECT_EQ(settings.http_listen->to_string(), "127.0.0.1:8080");
    EXPECT_EQ(settings.admin_listen->to_string(), "127.0.0.1:9180");
    EXPECT_FALSE(settings.fastcgi_listen);
    EXPECT_EQ(settings.log.level, "info");
    ASSERT_EQ(settings.pools.size(), 1u);
    const PoolSettings& pool = settings.pools[0];
    EXPECT_EQ(pool.name, "default");
    EXPECT_EQ(pool.workers, 4u) << "workers 0 resolves to the hardware threads";
    EXPECT_EQ(pool.policy.max_requests, 500u);
    EXPECT_EQ(pool.policy.request_timeout, 60s);
    EXPECT_EQ(pool.entry, in_scratch("app/public/index.php"));
    EXPECT_EQ(pool.document_root, in_scratch("app/public")) << "document_root defaults to the entry's directory";
    EXPECT_EQ(settings.shutdown_grace, 30s);
}

TEST_F(ConfigTest, PoolsAreFixedUnlessMinOrMaxWorkersSayOtherwise) {
    auto fixed = load({"serve", "--entry", "app/public/index.php", "--workers", "3"}).value().pools[0];
    EXPECT_EQ(fixed.min_workers, 3u);
    EXPECT_EQ(fixed.max_workers, 3u);
    EXPECT_FALSE(fixed.watch.enabled) << "development mode is never on by default";
    auto elastic =
        load({"serve", "--entry", "app/public/index.php", "--min-workers", "1", "--max-workers", "4"}).value().pools[0];
    EXPECT_EQ(elastic.min_workers, 1u);
    EXPECT_EQ(elastic.max_workers, 4u);
    auto only_max =
        load({"serve", "--entry", "app/public/index.php", "--workers", "2", "--max-workers", "6"}).value().pools[0];
    EXPECT_EQ(only_max.min_workers, 2u) << "workers is the floor when only max_workers is given";
    EXPECT_EQ(only_max.max_workers, 6u);
    auto from_environment = load({"serve", "--entry", "app/public/index.php"},
                                 {{"RUNTIME_MIN_WORKERS", "2"}, {"RUNTIME_MAX_WORKERS", "8"}, {"RUNTIME_WATCH", "1"}})
                                .value()
                                .pools[0];
    EXPECT_EQ(from_environment.min_workers, 2u);
    EXPECT_EQ(from_environment.max_workers, 8u);
    EXPECT_TRUE(from_environment.watch.enabled);
    EXPECT_EQ(from_environment.watch.root, in_scratch("app")) << "a Symfony project's root is public/'s parent";
}

TEST_F(ConfigTest, WatchFlagTurnsOnDevelopmentModeForTheFirstPool) {
    auto pool = load({"serve", "--entry", "app/public/index.php", "--watch"}).value().pools[0];
    EXPECT_TRUE(pool.watch.enabled);
    EXPECT_EQ(pool.watch.paths, (std::vector<std::string>{"src/", "config/", "templates/", ".env*", "public/index.php",
                                                          "composer.lock"}));
    EXPECT_EQ(pool.watch.debounce, 200ms);
}

TEST_F(ConfigTest, SiteFallbackDefaultsToTheEntryUnderTheDocumentRoot) {
    auto settings = load_yaml("pools:\n  - entry: app/public/index.php\n    mode: classic\n").value();
    EXPECT_EQ(settings.pools[0].site.fallback, "/index.php");
    EXPECT_EQ(settings.pools[0].site.index, std::vector<std::string>{"index.php"});
    settings = load_yaml("pools:\n  - entry: api/public/index.php\n    document_root: app/public\n").value();
    EXPECT_EQ(settings.pools[0].site.fallback, "off") << "an entry outside the document root cannot be a fallback";
}

TEST_F(ConfigTest, FileOverridesDefaults) {
    auto settings = load_yaml(file_with_values).value();
    EXPECT_EQ(settings.http_listen->to_string(), "127.0.0.1:8001");
    EXPECT_EQ(settings.log.level, "warn");
    EXPECT_EQ(settings.pools[0].workers, 2u);
    EXPECT_EQ(settings.pools[0].policy.max_requests, 100u);
    EXPECT_EQ(settings.pools[0].policy.request_timeout, 10s);
    EXPECT_EQ(settings.pools[0].policy.max_rss_bytes, 128u << 20);
    EXPECT_EQ(settings.source_file, in_scratch("runtime.yaml"));
}

TEST_F(ConfigTest, EnvironmentOverridesFile) {
    auto settings = load_yaml(file_with_values, {}, environment_values).value();
    EXPECT_EQ(settings.http_listen->to_string(), "127.0.0.1:8002");
    EXPECT_EQ(settings.log.level, "error");
    EXPECT_EQ(settings.pools[0].workers, 3u);
    EXPECT_EQ(settings.pools[0].policy.max_requests, 200u);
    EXPECT_EQ(settings.pools[0].policy.request_timeout, 20s);
    EXPECT_EQ(settings.pools[0].policy.max_rss_bytes, 256u << 20);
}

TEST_F(ConfigTest, FlagsOverrideEnvironment) {
    auto settings = load_yaml(file_with_values, flag_values, environment_values).value();
    EXPECT_EQ(settings.http_listen->to_string(), "127.0.0.1:8003");
    EXPECT_EQ(settings.log.level, "debug");
    EXPECT_EQ(settings.pools[0].workers, 5u);
    EXPECT_EQ(settings.pools[0].policy.max_requests, 300u);
    EXPECT_EQ(settings.pools[0].policy.request_timeout, 30s);
    EXPECT_EQ(settings.pools[0].policy.max_rss_bytes, 256u << 20) << "no flag for max_rss: environment stays";
}

TEST_F(ConfigTest, PoolLevelOverridesOnlyTouchTheFirstPool) {
    auto settings = load_yaml(file_with_values, flag_values, environment_values).value();
    ASSERT_EQ(settings.pools.size(), 2u);
    EXPECT_EQ(settings.pools[1].workers, 7u);
    EXPECT_EQ(settings.pools[1].policy.max_requests, 500u);
}

TEST_F(ConfigTest, RuntimeWorkersBeatsWorkers) {
    auto settings = load_yaml(minimal_yaml, {}, {{"WORKERS", "3"}, {"RUNTIME_WORKERS", "6"}}).value();
    EXPECT_EQ(settings.pools[0].workers, 6u);
}

TEST_F(ConfigTest, EmptyEnvironmentVariablesAreIgnored) {
    auto settings = load_yaml(minimal_yaml, {}, {{"WORKERS", ""}, {"RUNTIME_LISTEN", ""}}).value();
    EXPECT_EQ(settings.pools[0].workers, 4u);
    EXPECT_EQ(settings.http_listen->to_string(), "127.0.0.1:8080");
}

TEST_F(ConfigTest, ConfigFileFromEnvironmentUnlessFlagGiven) {
    scratch.write("env.yaml", "pools:\n  - name: from-env\n    entry: app/public/index.php\n");
    scratch.write("flag.yaml", "pools:\n  - name: from-flag\n    entry: app/public/index.php\n");
    EXPECT_EQ(load({"serve"}, {{"RUNTIME_CONFIG", "env.yaml"}}).value().pools[0].name, "from-env");
    EXPECT_EQ(load({"serve", "--config", "flag.yaml"}, {{"RUNTIME_CONFIG", "env.yaml"}}).value().pools[0].name,
              "from-flag");
}

TEST_F(ConfigTest, FastcgiOnlyMeansNoDefaultHttpListener) {
    auto settings = load_yaml(std::string(minimal_yaml) + "listen:\n  fastcgi: 127.0.0.1:9000\n").value();
    EXPECT_FALSE(settings.http_listen);
    EXPECT_EQ(settings.fastcgi_listen->to_string(), "127.0.0.1:9000");
    EXPECT_EQ(settings.admin_listen->to_string(), "127.0.0.1:9180");
}

TEST_F(ConfigTest, RelativePathsInFileAreRelativeToTheFile) {
    scratch.write("etc/runtime.yaml",
                  "pid_file: run/rs.pid\n"
                  "listen:\n  fastcgi:\n    address: unix:run/app.sock\n    socket_mode: \"0660\"\n"
                  "pools:\n  - entry: ../app/public/index.php\n");
    auto settings = load({"serve", "--config", "etc/runtime.yaml"}).value();
    EXPECT_EQ(settings.pools[0].entry, in_scratch("app/public/index.php"));
    EXPECT_EQ(settings.pid_file, in_scratch("etc/run/rs.pid"));
    EXPECT_EQ(settings.fastcgi_listen->unix_path, in_scratch("etc/run/app.sock"));
    EXPECT_EQ(settings.fastcgi_socket_mode, "0660");
}

TEST_F(ConfigTest, OverridesCreateAPoolWhenTheFileHasNone) {
    auto settings = load_yaml("log:\n  format: json\n", {"--entry", "app/public/index.php", "--mode", "classic"}).value();
    ASSERT_EQ(settings.pools.size(), 1u);
    EXPECT_EQ(settings.pools[0].mode, Mode::classic);
    EXPECT_EQ(settings.log.format, LogFormat::json);
}

TEST_F(ConfigTest, BooleanOverrides) {
    auto from_environment =
        load_yaml(minimal_yaml, {}, {{"RUNTIME_PROTOTYPE", "off"}, {"RUNTIME_VERIFY_STATE", "yes"}}).value();
    EXPECT_FALSE(from_environment.pools[0].prototype);
    EXPECT_TRUE(from_environment.pools[0].verify_state);
    auto from_flags = load_yaml(minimal_yaml, {"--no-prototype", "--verify-state"}).value();
    EXPECT_FALSE(from_flags.pools[0].prototype);
    EXPECT_TRUE(from_flags.pools[0].verify_state);
}

TEST_F(ConfigTest, HostsAndPrefixesAreNormalised) {
    auto settings =
        load_yaml("pools:\n  - entry: app/public/index.php\n    routing:\n      hosts: [Example.COM]\n"
                  "      path_prefix: /shop/\n")
            .value();
    EXPECT_EQ(settings.pools[0].hosts, std::vector<std::string>{"example.com"});
    EXPECT_EQ(settings.pools[0].path_prefix, "/shop");
}

}  // namespace
}  // namespace runtime::config::testing
