#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/config/command_line.hpp"
#include "runtime/config/keys.hpp"

namespace runtime::config {
namespace {

using namespace std::chrono_literals;

Result<Invocation> parse(std::vector<std::string_view> arguments) { return parse_command_line(arguments); }

std::string error_of(std::vector<std::string_view> arguments) {
    auto result = parse(std::move(arguments));
    EXPECT_FALSE(result.ok());
    return result.ok() ? std::string() : result.error().message;
}

TEST(CommandLine, HelpAndVersion) {
    EXPECT_EQ(parse({"--help"}).value().command, Command::help);
    EXPECT_EQ(parse({"-h"}).value().command, Command::help);
    EXPECT_EQ(parse({"help"}).value().command, Command::help);
    EXPECT_EQ(parse({"serve", "--help"}).value().command, Command::help);
    EXPECT_EQ(parse({"--version"}).value().command, Command::version);
    EXPECT_EQ(parse({"-V"}).value().command, Command::version);
    EXPECT_NE(version_text().find("runtime-supercharger "), std::string::npos);
}

TEST(CommandLine, ServeWithoutFlagsOverridesNothing) {
    auto invocation = parse({"serve"}).value();
    EXPECT_EQ(invocation.command, Command::serve);
    EXPECT_FALSE(invocation.test);
    EXPECT_FALSE(invocation.overrides.workers);
    EXPECT_FALSE(invocation.overrides.config_file);
    EXPECT_TRUE(invocation.overrides.sources.empty());
}

TEST(CommandLine, AcceptsSeparateAndInlineValues) {
    auto invocation = parse({"serve", "--workers", "8", "--max-requests=1000", "--listen", "0.0.0.0:80",
                             "--fastcgi=unix:/run/app.sock", "--admin", "[::1]:9180", "--request-timeout", "2m",
                             "--mode=classic", "--entry", "public/index.php", "--document-root=public",
                             "--config", "runtime.yaml", "--log-level=debug", "--log-format", "json",
                             "--access-log", "stdout", "--pid", "/run/rs.pid", "--user", "www-data", "--group=www-data",
                             "--no-prototype", "--verify-state", "--test"})
                          .value();
    const Overrides& o = invocation.overrides;
    EXPECT_EQ(*o.workers, 8u);
    EXPECT_EQ(*o.max_requests, 1000u);
    EXPECT_EQ(o.http_listen->to_string(), "0.0.0.0:80");
    EXPECT_EQ(o.fastcgi_listen->unix_path, "/run/app.sock");
    EXPECT_EQ(o.admin_listen->to_string(), "[::1]:9180");
    EXPECT_EQ(*o.request_timeout, 120s);
    EXPECT_EQ(*o.mode, Mode::classic);
    EXPECT_EQ(*o.entry, "public/index.php");
    EXPECT_EQ(*o.document_root, "public");
    EXPECT_EQ(*o.config_file, "runtime.yaml");
    EXPECT_EQ(*o.log_level, "debug");
    EXPECT_EQ(*o.log_format, LogFormat::json);
    EXPECT_EQ(*o.access_log, "stdout");
    EXPECT_EQ(*o.pid_file, "/run/rs.pid");
    EXPECT_EQ(*o.user, "www-data");
    EXPECT_EQ(*o.group, "www-data");
    EXPECT_EQ(*o.prototype, false);
    EXPECT_EQ(*o.verify_state, true);
    EXPECT_TRUE(invocation.test);
    EXPECT_EQ(o.sources.at("pools[0].workers"), "flag --workers");
    EXPECT_EQ(o.sources.at("listen.http"), "flag --listen");
}

TEST(CommandLine, LastOccurrenceWins) {
    EXPECT_EQ(*parse({"serve", "--workers", "2", "--workers=3"}).value().overrides.workers, 3u);
}

TEST(CommandLine, RequestTimeoutAcceptsPlainSeconds) {
    EXPECT_EQ(*parse({"serve", "--request-timeout", "45"}).value().overrides.request_timeout, 45s);
}

TEST(CommandLine, ErrorsNameTheFlag) {
    EXPECT_EQ(error_of({"serve", "--workers", "many"}), "--workers: expected an integer between 0 and 1024, got 'many'");
    EXPECT_EQ(error_of({"serve", "--workers=2000"}), "--workers: expected an integer between 0 and 1024, got '2000'");
    EXPECT_EQ(error_of({"serve", "--max-requests", "-1"}), "--max-requests: expected a non-negative integer, got '-1'");
    EXPECT_NE(error_of({"serve", "--request-timeout", "soon"}).find("--request-timeout: expected a duration"),
              std::string::npos);
    EXPECT_NE(error_of({"serve", "--listen", "8080"}).find("--listen: expected HOST:PORT"), std::string::npos);
    EXPECT_NE(error_of({"serve", "--listen", "unix:/run/a.sock"}).find("--listen: "), std::string::npos);
    EXPECT_NE(error_of({"serve", "--mode", "fast"}).find("--mode: expected worker or classic"), std::string::npos);
    EXPECT_NE(error_of({"serve", "--log-format=xml"}).find("--log-format: expected text or json"), std::string::npos);
    EXPECT_NE(error_of({"serve", "--log-level", "loud"}).find("--log-level: "), std::string::npos);
    EXPECT_EQ(error_of({"serve", "--entry="}), "--entry: expected a non-empty string, got ''");
}

TEST(CommandLine, MissingValue) {
    EXPECT_EQ(error_of({"serve", "--workers"}), "--workers: missing value (N)");
    EXPECT_EQ(error_of({"serve", "--entry", "--workers", "2"}), "--entry: missing value (FILE)");
}

TEST(CommandLine, SwitchesTakeNoValue) {
    EXPECT_EQ(error_of({"serve", "--no-prototype=1"}), "--no-prototype: does not take a value");
    EXPECT_EQ(error_of({"serve", "--test=yes"}), "--test: does not take a value");
}

TEST(CommandLine, UnknownFlagsCommandsAndArguments) {
    EXPECT_NE(error_of({"serve", "--wrokers", "2"}).find("unknown flag '--wrokers'"), std::string::npos);
    EXPECT_NE(error_of({"serve", "--wrokers=2"}).find("unknown flag '--wrokers'"), std::string::npos);
    EXPECT_NE(error_of({"run"}).find("unknown command 'run'"), std::string::npos);
    EXPECT_NE(error_of({"serve", "index.php"}).find("unexpected argument 'index.php'"), std::string::npos);
    EXPECT_NE(error_of({}).find("no command"), std::string::npos);
}

TEST(CommandLine, UsageListsEveryFlag) {
    const std::string usage = usage_text();
    for (const auto& flag : known_flags()) EXPECT_NE(usage.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace runtime::config
