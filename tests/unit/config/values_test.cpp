#include <gtest/gtest.h>

#include "runtime/config/values.hpp"

namespace runtime::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, PlainNumberMeansSeconds) {
    EXPECT_EQ(parse_duration("30").value(), 30s);
    EXPECT_EQ(parse_duration("0").value(), 0s);
}

TEST(ParseDuration, AcceptsUnits) {
    EXPECT_EQ(parse_duration("500ms").value(), 500ms);
    EXPECT_EQ(parse_duration("30s").value(), 30s);
    EXPECT_EQ(parse_duration("5m").value(), 5min);
    EXPECT_EQ(parse_duration("2h").value(), 2h);
    EXPECT_EQ(parse_duration("1d").value(), 24h);
}

TEST(ParseDuration, RejectsMalformedText) {
    for (const char* text : {"", "s", "-5s", "1.5s", "5 s", "5sec", "abc", "10x", "99999999999999999999"}) {
        auto result = parse_duration(text);
        ASSERT_FALSE(result.ok()) << text;
        EXPECT_NE(result.error().message.find(std::string("'") + text + "'"), std::string::npos)
            << result.error().message;
    }
}

TEST(ParseDuration, RejectsOverflow) {
    EXPECT_FALSE(parse_duration("999999999999999d").ok());
}

TEST(ParseWholeSeconds, RejectsFractionsOfSeconds) {
    EXPECT_EQ(parse_whole_seconds("2000ms").value(), 2s);
    EXPECT_EQ(parse_whole_seconds("5m").value(), 300s);
    auto result = parse_whole_seconds("1500ms");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("whole number of seconds"), std::string::npos);
}

TEST(ParseSize, AcceptsBinarySuffixes) {
    EXPECT_EQ(parse_size("1024").value(), 1024u);
    EXPECT_EQ(parse_size("0").value(), 0u);
    EXPECT_EQ(parse_size("512K").value(), 512u * 1024);
    EXPECT_EQ(parse_size("256M").value(), 256u * 1024 * 1024);
    EXPECT_EQ(parse_size("1G").value(), 1024ull * 1024 * 1024);
    EXPECT_EQ(parse_size("2T").value(), 2ull << 40);
    EXPECT_EQ(parse_size("256m").value(), 256u * 1024 * 1024);
    EXPECT_EQ(parse_size("64MB").value(), 64u * 1024 * 1024);
    EXPECT_EQ(parse_size("1GiB").value(), 1ull << 30);
    EXPECT_EQ(parse_size("100B").value(), 100u);
}

TEST(ParseSize, RejectsMalformedText) {
    for (const char* text : {"", "M", "-1M", "1.5G", "12Q", "1 G", "1MiBs"}) {
        auto result = parse_size(text);
        ASSERT_FALSE(result.ok()) << text;
        EXPECT_NE(result.error().message.find("expected a size"), std::string::npos) << result.error().message;
    }
    EXPECT_FALSE(parse_size("99999999999T").ok());
}

TEST(FormatSize, PrintsTheShortestExactForm) {
    EXPECT_EQ(format_size(0), "0");
    EXPECT_EQ(format_size(256ull << 20), "256M");
    EXPECT_EQ(format_size(1ull << 30), "1G");
    EXPECT_EQ(format_size(1536), "1536");
    EXPECT_EQ(format_size(3 * 1024), "3K");
}

TEST(FormatDuration, PrintsTheLargestExactUnit) {
    EXPECT_EQ(format_duration(0ms), "0s");
    EXPECT_EQ(format_duration(500ms), "500ms");
    EXPECT_EQ(format_duration(1500ms), "1500ms");
    EXPECT_EQ(format_duration(30s), "30s");
    EXPECT_EQ(format_duration(300s), "5m");
    EXPECT_EQ(format_duration(2h), "2h");
}

TEST(FormatAndParse, RoundTrip) {
    for (std::uint64_t bytes : {0ull, 1ull, 1000ull, 4096ull, 3ull << 30, (1ull << 40) + 1})
        EXPECT_EQ(parse_size(format_size(bytes)).value(), bytes);
    for (milliseconds duration : {0ms, 1ms, 999ms, 60'000ms, 90'000ms, 86'400'000ms})
        EXPECT_EQ(parse_duration(format_duration(duration)).value(), duration);
}

TEST(ParseInteger, ChecksRange) {
    EXPECT_EQ(parse_integer("0", 0, 1024).value(), 0u);
    EXPECT_EQ(parse_integer("1024", 0, 1024).value(), 1024u);
    auto too_big = parse_integer("1025", 0, 1024);
    ASSERT_FALSE(too_big.ok());
    EXPECT_EQ(too_big.error().message, "expected an integer between 0 and 1024, got '1025'");
    EXPECT_EQ(parse_integer("abc", 0, UINT64_MAX).error().message, "expected a non-negative integer, got 'abc'");
    EXPECT_FALSE(parse_integer("-1", 0, 10).ok());
    EXPECT_FALSE(parse_integer("+1", 0, 10).ok());
    EXPECT_FALSE(parse_integer("1e3", 0, 10000).ok());
}

TEST(ParseBool, AcceptsCommonSpellings) {
    for (const char* yes : {"true", "True", "yes", "on", "1"}) EXPECT_TRUE(parse_bool(yes).value()) << yes;
    for (const char* no : {"false", "FALSE", "no", "off", "0"}) EXPECT_FALSE(parse_bool(no).value()) << no;
    EXPECT_FALSE(parse_bool("maybe").ok());
}

TEST(ParseLogLevel, NormalisesNames) {
    EXPECT_EQ(parse_log_level("INFO").value(), "info");
    EXPECT_EQ(parse_log_level("warning").value(), "warn");
    EXPECT_FALSE(parse_log_level("verbose").ok());
}

TEST(ParseListenAddress, AcceptsHostPortForms) {
    auto ipv4 = parse_listen_address("127.0.0.1:8080", AllowUnix::no).value();
    EXPECT_EQ(ipv4.host, "127.0.0.1");
    EXPECT_EQ(ipv4.port, 8080);
    EXPECT_EQ(ipv4.to_string(), "127.0.0.1:8080");

    auto ipv6 = parse_listen_address("[::1]:9000", AllowUnix::no).value();
    EXPECT_EQ(ipv6.host, "::1");
    EXPECT_EQ(ipv6.to_string(), "[::1]:9000");

    auto any = parse_listen_address(":80", AllowUnix::no).value();
    EXPECT_EQ(any.host, "0.0.0.0");
    EXPECT_EQ(parse_listen_address("localhost:8080", AllowUnix::no).value().host, "localhost");
}

TEST(ParseListenAddress, AcceptsUnixSocketsOnlyWhenAllowed) {
    auto socket = parse_listen_address("unix:/run/app.sock", AllowUnix::yes).value();
    EXPECT_TRUE(socket.is_unix());
    EXPECT_EQ(socket.unix_path, "/run/app.sock");
    EXPECT_EQ(socket.to_string(), "unix:/run/app.sock");
    EXPECT_FALSE(parse_listen_address("unix:/run/app.sock", AllowUnix::no).ok());
    EXPECT_FALSE(parse_listen_address("unix:", AllowUnix::yes).ok());
    EXPECT_FALSE(parse_listen_address("unix:/" + std::string(200, 'x'), AllowUnix::yes).ok());
}

TEST(ParseListenAddress, RejectsBadAddresses) {
    for (const char* text : {"", "8080", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", "::1:80",
                             "[::1]80", "bad host:80"}) {
        auto result = parse_listen_address(text, AllowUnix::yes);
        ASSERT_FALSE(result.ok()) << text;
        EXPECT_NE(result.error().message.find("expected HOST:PORT"), std::string::npos) << result.error().message;
    }
}

}  // namespace
}  // namespace runtime::config
