#include <gtest/gtest.h>

#include "runtime/obs/access_log.hpp"
#include "sample_views.hpp"

namespace runtime::obs {
namespace {

AccessRecord sample_record() {
    AccessRecord r;
    r.remote_addr = "127.0.0.1";
    r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
    r.method = "GET";
    r.target = "/hello?x=1";
    r.version_minor = 1;
    r.status = 200;
    r.bytes_sent = 5;
    r.referer = "";
    r.user_agent = "curl/7.88.1";
    r.duration_seconds = 0.0042;
    r.worker_pid = 4321;
    r.pool = "default";
    return r;
}

TEST(AccessCombined, NginxCombinedPlusDurationAndPid) {
    testing::use_utc();
    EXPECT_EQ(format_access_combined(sample_record()),
              R"(127.0.0.1 - - [14/Nov/2023:22:13:20 +0000] "GET /hello?x=1 HTTP/1.1" 200 5 "-" "curl/7.88.1" rt=0.004 pid=4321)");
}

TEST(AccessCombined, Http2RequestsAreLoggedAsNginxDoes) {
    testing::use_utc();
    AccessRecord r = sample_record();
    r.version_major = 2;
    r.version_minor = 0;
    EXPECT_NE(format_access_combined(r).find(R"("GET /hello?x=1 HTTP/2.0")"), std::string::npos);
    EXPECT_NE(format_access_json(r).find(R"("protocol":"HTTP/2.0")"), std::string::npos);
}

TEST(AccessCombined, EscapesQuotesAndControlBytes) {
    testing::use_utc();
    AccessRecord r = sample_record();
    r.user_agent = "evil\" \n\x01";
    r.target = "/a\"b";
    r.worker_pid = 0;
    const std::string line = format_access_combined(r);
    EXPECT_NE(line.find(R"("GET /a\x22b HTTP/1.1")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("evil\x22 \x0A\x01")"), std::string::npos) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_TRUE(line.ends_with(" pid=-"));
}

TEST(AccessJson, OneObjectPerLine) {
    EXPECT_EQ(format_access_json(sample_record()),
              R"({"time":"2023-11-14T22:13:20.123Z","remote_addr":"127.0.0.1","method":"GET","uri":"/hello?x=1",)"
              R"("protocol":"HTTP/1.1","status":200,"bytes_sent":5,"referer":"","user_agent":"curl/7.88.1",)"
              R"("duration_ms":4.200,"worker_pid":4321,"pool":"default"})");
}

TEST(AccessJson, NoWorkerIsNull) {
    AccessRecord r = sample_record();
    r.worker_pid = 0;
    r.pool.clear();
    r.user_agent = "a\"b\n";
    const std::string line = format_access_json(r);
    EXPECT_NE(line.find(R"("worker_pid":null,"pool":null)"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("user_agent":"a\"b\n")"), std::string::npos) << line;
}

}  // namespace
}  // namespace runtime::obs
