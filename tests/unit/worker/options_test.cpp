// Worker command line: render then parse restores every field; bad input fails.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "runtime/worker/options.hpp"

namespace runtime::worker {
namespace {

Result<WorkerOptions> parse(const std::vector<std::string>& args) {
    const std::vector<std::string_view> views(args.begin(), args.end());
    return parse_worker_args(views);
}

WorkerOptions full_options() {
    WorkerOptions o;
    o.role = Role::prototype;
    o.channel_fd = 7;
    o.mode = ExecutionMode::classic;
    o.bootstrap = "/usr/share/runtime-supercharger/worker.php";
    o.entry = "/srv/app/public/index.php";
    o.document_root = "/srv/app/public";
    o.max_requests = 500;
    o.slow_request_threshold_ms = 1500;
    o.rss_every = 16;
    o.ini_entries = "memory_limit=256M\nopcache.enable=1\nerror_reporting=E_ALL & ~E_DEPRECATED\n";
    o.ini_path = "/etc/runtime-supercharger/php.ini";
    o.php_options = {{"kernel_class", "App\\Kernel"}, {"dsn", "mysql://u:p@db/app?a=b=c"}, {"empty", ""}};
    o.listen_fd = 4;
    o.scoreboard_fd = 5;
    o.worker_id = 1234567;
    return o;
}

void expect_equal(const WorkerOptions& a, const WorkerOptions& b) {
    EXPECT_EQ(a.role, b.role);
    EXPECT_EQ(a.channel_fd, b.channel_fd);
    EXPECT_EQ(a.listen_fd, b.listen_fd);
    EXPECT_EQ(a.scoreboard_fd, b.scoreboard_fd);
    EXPECT_EQ(a.worker_id, b.worker_id);
    EXPECT_EQ(a.mode, b.mode);
    EXPECT_EQ(a.bootstrap, b.bootstrap);
    EXPECT_EQ(a.entry, b.entry);
    EXPECT_EQ(a.document_root, b.document_root);
    EXPECT_EQ(a.max_requests, b.max_requests);
    EXPECT_EQ(a.slow_request_threshold_ms, b.slow_request_threshold_ms);
    EXPECT_EQ(a.rss_every, b.rss_every);
    EXPECT_EQ(a.ini_entries, b.ini_entries);
    EXPECT_EQ(a.ini_path, b.ini_path);
    EXPECT_EQ(a.php_options, b.php_options);
}

void expect_round_trip(const WorkerOptions& original) {
    const auto parsed = parse(render_worker_args(original));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    expect_equal(parsed.value(), original);
}

std::vector<std::string> minimal_args() { return {"--bootstrap", "/b.php", "--entry", "/e.php"}; }

// minimal_args() plus the given flag and value.
std::vector<std::string> with(std::string flag, std::string value) {
    auto args = minimal_args();
    args.push_back(std::move(flag));
    args.push_back(std::move(value));
    return args;
}

TEST(WorkerOptions, EveryFieldRoundTrips) { expect_round_trip(full_options()); }

TEST(WorkerOptions, DirectDispatchNeedsTheListenerAndTheScoreboard) {
    auto parsed = parse({"--bootstrap", "b.php", "--entry", "e.php", "--listen-fd", "4"});
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("go together"), std::string::npos);
    parsed = parse({"--bootstrap", "b.php", "--entry", "e.php"});
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->direct());
}

TEST(WorkerOptions, WorkerRoleAndModeRoundTrip) {
    WorkerOptions o = full_options();
    o.role = Role::worker;
    o.mode = ExecutionMode::worker;
    o.max_requests = 0;
    o.channel_fd = 0;
    expect_round_trip(o);
}

// The in-process ceiling is bench/ceiling's own executable (runtime-ceiling), not a worker role.
TEST(WorkerOptions, CeilingIsNoWorkerRole) {
    EXPECT_FALSE(parse(with("--role", "ceiling")).ok());
    EXPECT_FALSE(parse(with("--uri", "/")).ok());
    EXPECT_FALSE(parse(with("--requests", "100")).ok());
}

TEST(WorkerOptions, OptionalFieldsMayBeEmpty) {
    WorkerOptions o;
    o.bootstrap = "/b.php";
    o.entry = "/e.php";
    expect_round_trip(o);
}

TEST(WorkerOptions, LargestMaxRequestsRoundTrips) {
    WorkerOptions o = full_options();
    o.max_requests = std::numeric_limits<std::uint64_t>::max();
    expect_round_trip(o);
}

TEST(WorkerOptions, SlowRequestThresholdMustFitInMilliseconds) {
    EXPECT_FALSE(parse(with("--slow-request-threshold-ms", "4294967296")).ok());
    EXPECT_FALSE(parse(with("--slow-request-threshold-ms", "soon")).ok());
    const auto parsed = parse(with("--slow-request-threshold-ms", "250"));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->slow_request_threshold_ms, 250u);
}

TEST(WorkerOptions, EachIniLineIsItsOwnArgument) {
    const auto args = render_worker_args(full_options());
    int ini_flags = 0;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--ini") {
            ++ini_flags;
            EXPECT_EQ(args[i + 1].find('\n'), std::string::npos);
        }
    }
    EXPECT_EQ(ini_flags, 3);
}

TEST(WorkerOptions, OptionValuesKeepEveryEqualsSign) {
    const auto parsed = parse(with("--option", "dsn=a=b=c"));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->php_options.size(), 1u);
    EXPECT_EQ(parsed->php_options[0].first, "dsn");
    EXPECT_EQ(parsed->php_options[0].second, "a=b=c");
}

TEST(WorkerOptions, DefaultsWhenOnlyRequiredFlagsAreGiven) {
    const auto parsed = parse(minimal_args());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    WorkerOptions expected;
    expected.bootstrap = "/b.php";
    expected.entry = "/e.php";
    expect_equal(parsed.value(), expected);
    EXPECT_EQ(parsed->pool_name, "default");
}

TEST(WorkerOptions, BootstrapAndEntryAreRequired) {
    EXPECT_FALSE(parse({"--bootstrap", "/b.php"}).ok());
    EXPECT_FALSE(parse({"--entry", "/e.php"}).ok());
    EXPECT_FALSE(parse({}).ok());
}

TEST(WorkerOptions, UnknownFlagFails) {
    const auto parsed = parse(with("--frobnicate", "1"));
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("--frobnicate"), std::string::npos) << parsed.error().message;
}

TEST(WorkerOptions, MissingValueFails) {
    auto args = minimal_args();
    args.push_back("--max-requests");
    const auto parsed = parse(args);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("missing value"), std::string::npos) << parsed.error().message;
}

TEST(WorkerOptions, BadNumbersFail) {
    for (const char* value : {"", "abc", "-1", "12x", " 5", "5 ", "+5", "1.5", "99999999999999999999999"}) {
        EXPECT_FALSE(parse(with("--max-requests", value)).ok()) << "--max-requests '" << value << "'";
        EXPECT_FALSE(parse(with("--fd", value)).ok()) << "--fd '" << value << "'";
    }
}

TEST(WorkerOptions, FileDescriptorAboveTheLimitFails) {
    EXPECT_TRUE(parse(with("--fd", "1024")).ok());
    EXPECT_FALSE(parse(with("--fd", "1025")).ok());
}

TEST(WorkerOptions, BadEnumerationsFail) {
    EXPECT_FALSE(parse(with("--role", "master")).ok());
    EXPECT_FALSE(parse(with("--role", "")).ok());
    EXPECT_FALSE(parse(with("--mode", "fast")).ok());
    EXPECT_FALSE(parse(with("--mode", "Worker")).ok());
}

TEST(WorkerOptions, OptionWithoutEqualsSignFails) { EXPECT_FALSE(parse(with("--option", "name")).ok()); }

}  // namespace
}  // namespace runtime::worker
