// net::access_record and count_response: what the access log and the request metrics get
// from a request head, its connection and the facts the session collected.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http_access.hpp"
#include "temp_tree.hpp"

namespace runtime::net {
namespace {

using namespace std::chrono_literals;
using testing::request;

TEST(HttpAccess, TheRecordTakesTheRequestTheClientAndTheAnswer) {
    auto head = request("GET", "/search?q=php", {{"Referer", "https://example.test/"}, {"user-agent", "curl/7.88"}});
    head.version_major = 2;
    head.version_minor = 0;
    const cgi::ConnectionInfo client{"192.0.2.7", 51234, "10.0.0.1", 8080, true};
    ResponseFacts facts;
    facts.arrived = std::chrono::system_clock::time_point(1'800'000'000s);
    facts.started = std::chrono::steady_clock::now();
    facts.status = 201;
    facts.bytes_sent = 4321;
    facts.worker_pid = 777;
    facts.pool = "api";

    const auto record = access_record(head, client, facts, facts.started + 1500ms);
    EXPECT_EQ(record.remote_addr, "192.0.2.7");
    EXPECT_EQ(record.time, facts.arrived);
    EXPECT_EQ(record.method, "GET");
    EXPECT_EQ(record.target, "/search?q=php");
    EXPECT_EQ(record.version_major, 2);
    EXPECT_EQ(record.version_minor, 0);
    EXPECT_EQ(record.status, 201);
    EXPECT_EQ(record.bytes_sent, 4321u);
    EXPECT_EQ(record.referer, "https://example.test/");
    EXPECT_EQ(record.user_agent, "curl/7.88");  // header names are case-insensitive
    EXPECT_DOUBLE_EQ(record.duration_seconds, 1.5);
    EXPECT_EQ(record.worker_pid, 777);
    EXPECT_EQ(record.pool, "api");
}

TEST(HttpAccess, AnAnswerWithoutWorkerOrHeadersLeavesThemEmpty) {
    ResponseFacts facts;
    facts.started = std::chrono::steady_clock::now();
    const auto record = access_record(request("HEAD", "/favicon.ico"), cgi::ConnectionInfo{}, facts, facts.started);
    EXPECT_EQ(record.worker_pid, 0);
    EXPECT_EQ(record.referer, "");
    EXPECT_EQ(record.user_agent, "");
    EXPECT_EQ(record.status, 0);
    EXPECT_EQ(record.duration_seconds, 0.0);
    EXPECT_NE(obs::format_access_combined(record).find("\"HEAD /favicon.ico HTTP/1.1\" 0 0 \"-\" \"-\""),
              std::string::npos)
        << obs::format_access_combined(record);
}

TEST(HttpAccess, CountingAnAnswerRecordsItsStatusAndItsClass) {
    obs::Metrics metrics;
    ResponseFacts facts;
    facts.started = std::chrono::steady_clock::now();
    count_response(metrics, facts, 404);
    EXPECT_EQ(facts.status, 404);
    count_response(metrics, facts, 200);
    count_response(metrics, facts, 204);
    count_response(metrics, facts, 0);  // nothing was sent (client gone)
    EXPECT_EQ(facts.status, 0);
    const std::string text = metrics.serialize();
    EXPECT_NE(text.find("runtime_http_response_total{status=\"2xx\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("runtime_http_response_total{status=\"4xx\"} 1"), std::string::npos);
    EXPECT_NE(text.find("runtime_http_response_total{status=\"none\"} 1"), std::string::npos);
    EXPECT_NE(text.find("runtime_request_duration_seconds_count{status=\"2xx\"} 2"), std::string::npos);
}

}  // namespace
}  // namespace runtime::net
