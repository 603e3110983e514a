#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/obs/access_log.hpp"

namespace runtime::obs {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(AccessLog, OffOpensNothing) {
    auto log = AccessLog::open(config::LogSettings{});
    ASSERT_TRUE(log);
    EXPECT_EQ(log.value(), nullptr);
}

TEST(AccessLog, WritesJsonLinesToAFile) {
    const auto path = std::filesystem::temp_directory_path() / ("rs_access_" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(path);
    config::LogSettings settings;
    settings.access_log = path.string();
    settings.access_format = config::AccessLogFormat::json;
    {
        auto log = AccessLog::open(settings);
        ASSERT_TRUE(log);
        ASSERT_NE(log.value(), nullptr);
        AccessRecord record;
        record.method = "GET";
        record.target = "/x";
        record.status = 204;
        log.value()->write(record);
        log.value()->write(record);
    }  // destruction drains the queue
    const std::string text = read_file(path);
    std::filesystem::remove(path);
    ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
    EXPECT_NE(text.find(R"("uri":"/x","protocol":"HTTP/1.1","status":204)"), std::string::npos) << text;
}

TEST(AccessLog, UnwritablePathIsAnError) {
    config::LogSettings settings;
    settings.access_log = "/proc/no/such/dir/access.log";
    auto log = AccessLog::open(settings);
    ASSERT_FALSE(log);
    EXPECT_NE(log.error().message.find("log.access_log"), std::string::npos);
}

}  // namespace
}  // namespace runtime::obs
