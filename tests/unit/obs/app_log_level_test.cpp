#include <gtest/gtest.h>

#include "runtime/obs/app_log_level.hpp"

namespace runtime::obs {
namespace {

using spdlog::level::level_enum;

TEST(AppLineLevel, MonologLineFormatter) {
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00.123456+00:00] app.CRITICAL: Uncaught PHP Exception "
                             "RuntimeException: \"boom\" at /app/src/Controller.php line 12 {\"exception\":\"...\"} []"),
              level_enum::critical);
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00.123456+00:00] request.ERROR: failed {} []"), level_enum::err);
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00+00:00] php.WARNING: Warning: x {} []"), level_enum::warn);
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00+00:00] app.NOTICE: n [] []"), level_enum::info);
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00+00:00] doctrine.DEBUG: SELECT 1 [] []"), level_enum::debug);
    EXPECT_EQ(app_line_level("[2024-03-01T10:00:00+00:00] app.EMERGENCY: down [] []"), level_enum::critical);
}

TEST(AppLineLevel, SymfonyBuiltInLogger) {
    // Symfony\Component\HttpKernel\Log\Logger, the default without Monolog: "<RFC 3339> [level] message".
    EXPECT_EQ(app_line_level("2024-03-01T10:00:00+00:00 [critical] Uncaught PHP Exception RuntimeException: \"boom\""),
              level_enum::critical);
    EXPECT_EQ(app_line_level("2024-03-01T10:00:00+00:00 [error] x"), level_enum::err);
    EXPECT_EQ(app_line_level("[critical] Uncaught PHP Exception LogicException: \"x\""), level_enum::critical);
    EXPECT_EQ(app_line_level("[warning] deprecated thing"), level_enum::warn);
}

TEST(AppLineLevel, MonologJsonFormatter) {
    EXPECT_EQ(app_line_level("{\"message\":\"boom\",\"context\":{},\"level\":400,\"level_name\":\"ERROR\","
                             "\"channel\":\"app\",\"datetime\":\"2024-03-01T10:00:00+00:00\",\"extra\":{}}"),
              level_enum::err);
    EXPECT_EQ(app_line_level("{\"level_name\":\"CRITICAL\",\"message\":\"x\"}"), level_enum::critical);
}

TEST(AppLineLevel, PhpOwnPrefixes) {
    EXPECT_EQ(app_line_level("PHP Fatal error:  Uncaught Error: x in /a.php:3"), level_enum::critical);
    EXPECT_EQ(app_line_level("PHP Parse error:  syntax error, unexpected end of file in /a.php on line 2"),
              level_enum::critical);
    EXPECT_EQ(app_line_level("PHP Warning:  Undefined variable $x in /a.php on line 4"), level_enum::warn);
    EXPECT_EQ(app_line_level("PHP Notice:  Only variables should be passed by reference"), level_enum::warn);
    EXPECT_EQ(app_line_level("PHP Deprecated:  strftime() is deprecated in /a.php on line 5"), level_enum::info);
    EXPECT_EQ(app_line_level("[04-Dec-2026 10:00:00 UTC] PHP Warning:  x"), level_enum::warn);
}

TEST(AppLineLevel, SlowLogIsAWarning) {
    EXPECT_EQ(app_line_level("slow request (2003 ms) GET /report, at /app/src/Report.php:42: #0 {main}"),
              level_enum::warn);
}

TEST(AppLineLevel, UnrecognisedLinesHaveNoLevel) {
    for (const char* line : {"", "hello", "[app] kernel booted pid=12", "error: not a known format",
                             "[2024] no channel here", "{\"level\":400}", "[verbose] x", "12 [fatal] x"}) {
        EXPECT_FALSE(app_line_level(line).has_value()) << line;
    }
    EXPECT_EQ(relayed_line_level("[app] kernel booted pid=12"), level_enum::info);
    EXPECT_EQ(relayed_line_level("PHP Warning:  x"), level_enum::warn);
}

}  // namespace
}  // namespace runtime::obs
