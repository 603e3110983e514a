// render_effective prints YAML in the file's schema; loading it again yields the same settings.
#include <gtest/gtest.h>

#include "config_fixture.hpp"

namespace runtime::config::testing {
namespace {

constexpr std::string_view full_yaml =
    "listen:\n"
    "  http: 0.0.0.0:8081\n"
    "  fastcgi:\n"
    "    address: unix:run/app.sock\n"
    "    socket_mode: \"0660\"\n"
    "    socket_owner: www-data:www-data\n"
    "  admin: \"[::1]:9190\"\n"
    "log:\n"
    "  level: debug\n"
    "  format: json\n"
    "  file: log/server.log\n"
    "  access_log: stdout\n"
    "  access_format: json\n"
    "  slow_request_threshold: 750ms\n"
    "http:\n"
    "  max_request_line: 16K\n"
    "  max_header_size: 64K\n"
    "  max_header_count: 200\n"
    "  max_body_size: 20M\n"
    "  header_timeout: 30s\n"
    "  body_timeout: 2m\n"
    "  keepalive_timeout: 0\n"
    "  send_timeout: 45\n"
    "  max_connections: 5000\n"
    "  static_root: app/public\n"
    "  static_files: false\n"
    "  sendfile_roots: [api/public]\n"
    "shutdown_grace: 1m\n"
    "pid_file: run/rs.pid\n"
    "user: www-data\n"
    "group: www-data\n"
    "pools:\n"
    "  - name: app\n"
    "    driver: native\n"
    "    mode: worker\n"
    "    entry: app/public/index.php\n"
    "    workers: 3\n"
    "    policy:\n"
    "      max_requests: 1000\n"
    "      max_rss: 512M\n"
    "      max_php_memory: 1536K\n"
    "      max_consecutive_failures: 3\n"
    "      ttl: 1h\n"
    "      idle_ttl: 10m\n"
    "      request_timeout: 30s\n"
    "      queue_length: 64\n"
    "      queue_wait: 1500ms\n"
    "      backoff_max: 20s\n"
    "    warmup:\n"
    "      services: [router, doctrine.orm.entity_manager]\n"
    "      callables: [\"App\\\\Kernel::warm\"]\n"
    "    php_ini:\n"
    "      memory_limit: 256M\n"
    "      opcache.enable_cli: 1\n"
    "      display_errors: \"\"\n"
    "    env:\n"
    "      APP_ENV: prod\n"
    "      APP_DEBUG: 0\n"
    "    routing:\n"
    "      hosts: [shop.example.com]\n"
    "      path_prefix: /\n"
    "    verify_state: true\n"
    "    prototype: false\n"
    "    static_files: false\n"
    "  - name: api\n"
    "    mode: classic\n"
    "    entry: api/public/index.php\n"
    "    routing:\n"
    "      path_prefix: /api\n";

TEST_F(ConfigTest, RenderedConfigurationLoadsBackToTheSameSettings) {
    auto first = load_yaml(full_yaml);
    ASSERT_TRUE(first.ok()) << first.error().message;
    const std::string rendered = render_effective(*first);

    scratch.write("rendered.yaml", rendered);
    auto second = load({"serve", "--config", "rendered.yaml"});
    ASSERT_TRUE(second.ok()) << second.error().message << "\n" << rendered;
    second->source_file = first->source_file;
    EXPECT_EQ(*first, *second) << rendered;
}

TEST_F(ConfigTest, RenderShowsResolvedValues) {
    auto settings = load_yaml(minimal_yaml, {"--max-requests", "42"});
    ASSERT_TRUE(settings.ok()) << settings.error().message;
    const std::string rendered = render_effective(*settings);
    EXPECT_NE(rendered.find("http: 127.0.0.1:8080"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("admin: 127.0.0.1:9180"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("workers: 4"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("max_requests: 42"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("request_timeout: 1m"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("document_root: " + in_scratch("app/public")), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("# Effective configuration"), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("access_log: \"off\""), std::string::npos) << "words YAML 1.1 reads as booleans are quoted";
    EXPECT_EQ(rendered.find("fastcgi"), std::string::npos) << "absent listeners are not printed";
}

TEST_F(ConfigTest, FullExampleIsReadAsWritten) {
    auto loaded = load_yaml(full_yaml);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const Settings& s = *loaded;
    EXPECT_EQ(s.admin_listen->host, "::1");
    EXPECT_EQ(s.fastcgi_socket_owner, "www-data:www-data");
    EXPECT_EQ(s.log.slow_request_threshold, std::chrono::milliseconds(750));
    EXPECT_EQ(s.pools[0].slow_request_threshold, std::chrono::milliseconds(750)) << "copied for the workers";
    EXPECT_EQ(s.log.file, in_scratch("log/server.log"));
    EXPECT_EQ(s.log.access_log, "stdout");
    EXPECT_EQ(s.http.max_body_bytes, 20u << 20);
    EXPECT_EQ(s.http.keepalive_timeout, std::chrono::seconds(0));
    EXPECT_FALSE(s.http.static_files);
    EXPECT_EQ(s.http.sendfile_roots, std::vector<std::string>{in_scratch("api/public")});
    const PoolSettings& app = s.pools[0];
    EXPECT_EQ(app.policy.max_php_memory_bytes, 1536u * 1024);
    EXPECT_EQ(app.policy.queue_wait, std::chrono::milliseconds(1500));
    EXPECT_EQ(app.warmup_services, (std::vector<std::string>{"router", "doctrine.orm.entity_manager"}));
    EXPECT_EQ(app.warmup_callables, std::vector<std::string>{"App\\Kernel::warm"});
    ASSERT_EQ(app.php_ini.size(), 3u);
    EXPECT_EQ(app.php_ini[1], (std::pair<std::string, std::string>{"opcache.enable_cli", "1"}));
    EXPECT_EQ(app.php_ini[2].second, "");
    EXPECT_EQ(app.env[0], (std::pair<std::string, std::string>{"APP_ENV", "prod"}));
    EXPECT_TRUE(app.verify_state);
    EXPECT_FALSE(app.prototype);
    EXPECT_FALSE(app.static_files);
    EXPECT_TRUE(s.pools[1].static_files);
    EXPECT_EQ(s.pools[1].mode, Mode::classic);
    EXPECT_EQ(s.pools[1].path_prefix, "/api");
}

TEST_F(ConfigTest, AdminListenerCanBeTurnedOff) {
    auto from_file = load_yaml(std::string("listen:\n  admin: off\n") + std::string(minimal_yaml));
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_TRUE(from_file->admin_listen->is_off());
    EXPECT_NE(render_effective(*from_file).find("admin: \"off\""), std::string::npos);
    auto from_flag = load_yaml(minimal_yaml, {"--admin", "off"});
    ASSERT_TRUE(from_flag.ok()) << from_flag.error().message;
    EXPECT_TRUE(from_flag->admin_listen->is_off());
    // Off listens nowhere, so it conflicts with nothing.
    auto with_http_on_default = load_yaml(minimal_yaml, {"--admin", "off", "--listen", "127.0.0.1:9180"});
    EXPECT_TRUE(with_http_on_default.ok());
}

}  // namespace
}  // namespace runtime::config::testing
