// Every invalid configuration must fail as a whole, with errors that name the file, the line
// and the key path of the problem.
#include <gtest/gtest.h>

#include "config_fixture.hpp"

namespace runtime::config::testing {
namespace {

struct InvalidCase {
    const char* name;
    const char* yaml;
    const char* expected;  // substring of the error message
};

// Lines are numbered from 1; each case's expected text starts with "runtime.yaml:<line>: <key path>:".
const InvalidCase invalid_cases[] = {
    {"UnknownTopLevelKey", "listn:\n  http: 127.0.0.1:8080\n",
     "runtime.yaml:1: listn: unknown key; expected one of: listen"},
    {"UnknownNestedKey", "pools:\n  - name: app\n    entry: app/public/index.php\n    polcy:\n      max_requests: 1\n",
     "runtime.yaml:4: pools[0].polcy: unknown key; expected one of: name, driver, mode"},
    {"NonNumericInteger",
     "pools:\n  - name: app\n    entry: app/public/index.php\n    policy:\n      max_requests: abc\n",
     "runtime.yaml:5: pools[0].policy.max_requests: expected a non-negative integer, got 'abc'"},
    {"NegativeInteger", "pools:\n  - entry: app/public/index.php\n    policy:\n      max_consecutive_failures: -3\n",
     "runtime.yaml:4: pools[0].policy.max_consecutive_failures: expected an integer between 0 and 1000000, got '-3'"},
    {"WorkersOutOfRange", "pools:\n  - entry: app/public/index.php\n    workers: 2000\n",
     "runtime.yaml:3: pools[0].workers: expected an integer between 0 and 1024, got '2000'"},
    {"PortOutOfRange", "listen:\n  http: 127.0.0.1:70000\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:2: listen.http: expected HOST:PORT with a port between 1 and 65535, got '127.0.0.1:70000'"},
    {"UnixSocketForHttp", "listen:\n  http: unix:/run/http.sock\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:2: listen.http: expected HOST:PORT (unix sockets are not supported here)"},
    {"BadSize", "pools:\n  - entry: app/public/index.php\n    policy:\n      max_rss: 12Q\n",
     "runtime.yaml:4: pools[0].policy.max_rss: expected a size such as 1048576, 512K, 256M or 1G, got '12Q'"},
    {"BadDuration", "pools:\n  - entry: app/public/index.php\n    policy:\n      request_timeout: soon\n",
     "runtime.yaml:4: pools[0].policy.request_timeout: expected a duration such as 500ms, 30s, 5m or 1h, got 'soon'"},
    {"FractionalSecondsForSecondsKey", "shutdown_grace: 1500ms\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:1: shutdown_grace: expected a whole number of seconds"},
    {"ZeroHeaderTimeout", "http:\n  header_timeout: 0\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:2: http.header_timeout: expected a duration of at least 1s, got '0'"},
    {"BadEnum", "pools:\n  - entry: app/public/index.php\n    mode: turbo\n",
     "runtime.yaml:3: pools[0].mode: expected worker or classic, got 'turbo'"},
    {"BadBoolean", "pools:\n  - entry: app/public/index.php\n    prototype: sometimes\n",
     "runtime.yaml:3: pools[0].prototype: expected a boolean (true or false), got 'sometimes'"},
    {"PoolsNotAList", "pools:\n  name: app\n", "runtime.yaml:2: pools: expected a list of pools, got a mapping"},
    {"SectionNotAMapping", "pools:\n  - entry: app/public/index.php\n    policy: 5\n",
     "runtime.yaml:3: pools[0].policy: expected a mapping, got a value"},
    {"ScalarExpectedGotList", "log:\n  level: [info]\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:2: log.level: expected a value, got a list"},
    {"MissingValue", "user:\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:1: user: expected a value, got nothing"},
    {"DuplicateKey", "pools:\n  - entry: app/public/index.php\n    workers: 1\n    workers: 2\n",
     "runtime.yaml:4: pools[0].workers: duplicate key"},
    {"TopLevelNotAMapping", "- a\n- b\n", "runtime.yaml:1: (top level): expected a mapping of configuration keys"},
    {"InvalidYamlSyntax", "pools:\n  - entry: [unclosed\n", "runtime.yaml:3: invalid YAML"},
    {"ListExpected", "pools:\n  - entry: app/public/index.php\n    routing:\n      hosts: example.com\n",
     "runtime.yaml:4: pools[0].routing.hosts: expected a list, got a value"},
    {"BadPoolName", "pools:\n  - name: my pool\n    entry: app/public/index.php\n",
     "runtime.yaml:2: pools[0].name: expected a name of 1 to 64 letters"},
    {"BadPathPrefix", "pools:\n  - entry: app/public/index.php\n    routing:\n      path_prefix: api\n",
     "runtime.yaml:4: pools[0].routing.path_prefix: expected a path starting with '/', got 'api'"},
    {"BadEnvironmentName", "pools:\n  - entry: app/public/index.php\n    env:\n      1BAD: x\n",
     "runtime.yaml:4: pools[0].env.1BAD: expected an environment variable name"},
    {"IniValueNotScalar", "pools:\n  - entry: app/public/index.php\n    php_ini:\n      memory_limit:\n        a: b\n",
     "runtime.yaml:5: pools[0].php_ini.memory_limit: expected a value, got a mapping"},
    {"BadSocketMode",
     "listen:\n  fastcgi:\n    address: unix:/tmp/rs.sock\n    socket_mode: rw\npools:\n  - entry: "
     "app/public/index.php\n",
     "runtime.yaml:4: listen.fastcgi.socket_mode: expected octal permissions such as 0660, got 'rw'"},
    {"FastcgiMapWithoutAddress",
     "listen:\n  fastcgi:\n    socket_mode: \"0660\"\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:3: listen.fastcgi.address: required"},
    {"SocketModeOnTcp",
     "listen:\n  fastcgi:\n    address: 127.0.0.1:9000\n    socket_mode: \"0660\"\npools:\n  - entry: "
     "app/public/index.php\n",
     "runtime.yaml:4: listen.fastcgi.socket_mode: only applies to a unix socket"},
    {"ConflictingListeners",
     "listen:\n  http: 127.0.0.1:9000\n  admin: 127.0.0.1:9000\npools:\n  - entry: app/public/index.php\n",
     "runtime.yaml:3: listen.admin: 127.0.0.1:9000 conflicts with listen.http (127.0.0.1:9000)"},
    {"WildcardListenerConflicts", "listen:\n  http: 0.0.0.0:9180\npools:\n  - entry: app/public/index.php\n",
     "listen.admin: 127.0.0.1:9180 conflicts with listen.http (0.0.0.0:9180)"},
    {"DuplicatePoolNames",
     "pools:\n  - name: app\n    entry: app/public/index.php\n  - name: app\n    entry: api/public/index.php\n"
     "    routing:\n      path_prefix: /api\n",
     "runtime.yaml:4: pools[1].name: duplicate pool name 'app' (also pools[0])"},
    {"DuplicateRoute",
     "pools:\n  - name: app\n    entry: app/public/index.php\n    routing:\n      hosts: [example.com]\n"
     "      path_prefix: /api\n  - name: api\n    entry: api/public/index.php\n    routing:\n"
     "      hosts: [other.com, EXAMPLE.com]\n      path_prefix: /api/\n",
     "runtime.yaml:9: pools[1].routing: route example.com/api is already served by pool 'app' (pools[0])"},
    {"TwoCatchAllPools",
     "pools:\n  - name: app\n    entry: app/public/index.php\n  - name: api\n    entry: api/public/index.php\n",
     "runtime.yaml:4: pools[1].routing: route */ is already served by pool 'app'"},
    {"MissingEntry", "pools:\n  - name: app\n    workers: 1\n", "runtime.yaml:2: pools[0].entry: required"},
    {"EntryNotReadable", "pools:\n  - name: app\n    entry: app/public/missing.php\n",
     "runtime.yaml:3: pools[0].entry: '"},
    {"DocumentRootNotADirectory", "pools:\n  - entry: app/public/index.php\n    document_root: app/public/index.php\n",
     "runtime.yaml:3: pools[0].document_root: '"},
    {"NoPools", "pools: []\n", "pools: at least one pool is required"},
    {"SiteIndexWithSlash", "pools:\n  - entry: app/public/index.php\n    site:\n      index: [a/index.php]\n",
     "runtime.yaml:4: pools[0].site.index[0]: expected a file name such as index.php, got 'a/index.php'"},
    {"SiteFallbackNotAScript", "pools:\n  - entry: app/public/index.php\n    site:\n      fallback: index.html\n",
     "runtime.yaml:4: pools[0].site.fallback: expected the URI path of a .php script under the document root such as "
     "/index.php, or off, got 'index.html'"},
    {"SiteFallbackMissing",
     "pools:\n  - entry: app/public/index.php\n    mode: classic\n    site:\n      fallback: /front.php\n",
     "runtime.yaml:5: pools[0].site.fallback: '"},
    {"UnknownDispatch", "pools:\n  - entry: app/public/index.php\n    dispatch: fast\n",
     "runtime.yaml:3: pools[0].dispatch: expected proxied or direct, got 'fast'"},
    {"DirectWithoutFastcgiListener", "pools:\n  - entry: app/public/index.php\n    dispatch: direct\n",
     "runtime.yaml:3: pools[0].dispatch: direct needs a FastCGI listener"},
    {"DirectWithHttpListener",
     "listen:\n  http: 127.0.0.1:8080\n  fastcgi:\n    address: 127.0.0.1:9000\npools:\n  - entry: app/public/index.php\n"
     "    dispatch: direct\n",
     "runtime.yaml:7: pools[0].dispatch: direct serves only the FastCGI listener"},
    {"DirectWithSeveralPools",
     "listen:\n  fastcgi:\n    address: 127.0.0.1:9000\npools:\n  - name: app\n    entry: app/public/index.php\n"
     "    dispatch: direct\n  - name: api\n    entry: api/public/index.php\n    routing:\n      path_prefix: /api\n",
     "runtime.yaml:7: pools[0].dispatch: direct needs a single pool"},
    {"MinWorkersAboveMax", "pools:\n  - entry: app/public/index.php\n    min_workers: 5\n    max_workers: 2\n",
     "runtime.yaml:3: pools[0].min_workers: 5 is more than max_workers (2)"},
    {"WatchPathEscapesTheRoot", "pools:\n  - entry: app/public/index.php\n    watch:\n      paths: [../etc/]\n",
     "runtime.yaml:4: pools[0].watch.paths[0]: expected a path relative to the watch root"},
    {"ScalingIdleAfterZero", "pools:\n  - entry: app/public/index.php\n    scaling:\n      idle_after: 0\n",
     "runtime.yaml:4: pools[0].scaling.idle_after: expected a duration of at least 1s"},
    {"DirectWithElasticPool",
     "listen:\n  fastcgi:\n    address: 127.0.0.1:9000\npools:\n  - entry: app/public/index.php\n    dispatch: direct\n"
     "    min_workers: 1\n    max_workers: 4\n",
     "runtime.yaml:6: pools[0].dispatch: direct needs a fixed number of workers"},
    {"SiteDenyRelative", "pools:\n  - entry: app/public/index.php\n    site:\n      deny: [data/]\n",
     "runtime.yaml:4: pools[0].site.deny[0]: expected a URI path prefix starting with '/' such as /data/, got 'data/'"},
};

class InvalidConfig : public ConfigTest, public ::testing::WithParamInterface<InvalidCase> {};

TEST_P(InvalidConfig, FailsWithLocatedError) {
    auto result = load_yaml(GetParam().yaml);
    ASSERT_FALSE(result.ok()) << "accepted:\n" << GetParam().yaml;
    EXPECT_NE(result.error().message.find(GetParam().expected), std::string::npos)
        << "expected: " << GetParam().expected << "\nactual:   " << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(Config, InvalidConfig, ::testing::ValuesIn(invalid_cases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(ConfigTest, EntryErrorsExplainTheReason) {
    auto result = load_yaml("pools:\n  - entry: app/public/missing.php\n");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find(in_scratch("app/public/missing.php") + "' is not a readable file"),
              std::string::npos)
        << result.error().message;
}

TEST_F(ConfigTest, CollectsEveryErrorOfTheFile) {
    auto result = load_yaml(
        "log:\n  format: xml\npools:\n  - entry: app/public/index.php\n    workers: lots\n    colour: blue\n");
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("runtime.yaml:2: log.format: expected text or json, got 'xml'"), std::string::npos) << message;
    EXPECT_NE(message.find("runtime.yaml:5: pools[0].workers: expected an integer between 0 and 1024, got 'lots'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("runtime.yaml:6: pools[0].colour: unknown key"), std::string::npos) << message;
}

TEST_F(ConfigTest, UnreadableFile) {
    auto result = load({"serve", "--config", "missing.yaml"});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "missing.yaml: cannot read: No such file or directory");
    scratch.write("dir/placeholder", "");
    EXPECT_EQ(load({"serve", "--config", "dir"}).error().message, "dir: cannot read: Is a directory");
}

TEST_F(ConfigTest, InvalidEnvironmentValueNamesTheVariable) {
    auto result = load_yaml(minimal_yaml, {}, {{"WORKERS", "many"}, {"MAX_RSS", "lots"}});
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("environment WORKERS: expected an integer between 0 and 1024, got 'many'"),
              std::string::npos)
        << result.error().message;
    EXPECT_NE(result.error().message.find("environment MAX_RSS: expected a size"), std::string::npos);
}

TEST_F(ConfigTest, ValidationErrorsNameTheOverridingFlagOrVariable) {
    auto from_flag = load_yaml(minimal_yaml, {"--entry", "nowhere.php"});
    ASSERT_FALSE(from_flag.ok());
    EXPECT_NE(from_flag.error().message.find("flag --entry: pools[0].entry: '"), std::string::npos)
        << from_flag.error().message;

    auto from_environment = load_yaml(minimal_yaml, {}, {{"RUNTIME_ADMIN", "127.0.0.1:8080"}});
    ASSERT_FALSE(from_environment.ok());
    EXPECT_NE(from_environment.error().message.find(
                  "environment RUNTIME_ADMIN: listen.admin: 127.0.0.1:8080 conflicts with listen.http"),
              std::string::npos)
        << from_environment.error().message;
}

TEST_F(ConfigTest, MissingEntryWithoutFileSuggestsHowToSetIt) {
    auto result = load({"serve"});
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("pools: at least one pool is required"), std::string::npos);
    EXPECT_NE(result.error().message.find("--entry"), std::string::npos);
}

}  // namespace
}  // namespace runtime::config::testing
