#include "runtime/http2/request_head.hpp"

#include <gtest/gtest.h>

namespace runtime::http2 {
namespace {

RequestFields request(std::initializer_list<std::pair<const char*, const char*>> fields, HeadLimits limits = {}) {
    RequestFields out(limits);
    for (const auto& [name, value] : fields) out.add(name, value);
    return out;
}

TEST(RequestFields, BecomesTheHeadHttp11WouldHaveBuilt) {
    auto fields = request({{":method", "POST"},
                           {":scheme", "http"},
                           {":authority", "example.com:8080"},
                           {":path", "/a?b=c"},
                           {"content-type", "text/plain"},
                           {"content-length", "12"},
                           {"cookie", "a=1"},
                           {"cookie", "b=2"}});
    ASSERT_EQ(fields.refusal(), 0);
    const auto head = fields.head();
    EXPECT_EQ(head.method, "POST");
    EXPECT_EQ(head.target, "/a?b=c");
    EXPECT_EQ(head.version_major, 2);
    EXPECT_EQ(head.version_minor, 0);
    EXPECT_EQ(head.find("Host").value_or(""), "example.com:8080");
    EXPECT_EQ(head.find("Content-Type").value_or(""), "text/plain");
    ASSERT_TRUE(head.content_length);
    EXPECT_EQ(*head.content_length, 12u);
    EXPECT_EQ(head.headers.size(), 5u);  // host + 4 fields, cookies kept apart (CGI joins them)
}

TEST(RequestFields, AuthorityWinsOverAHostField) {
    auto head =
        request({{":method", "GET"}, {":authority", "a.example"}, {":path", "/"}, {"host", "b.example"}}).head();
    EXPECT_EQ(head.find("host").value_or(""), "a.example");
    EXPECT_EQ(head.headers.size(), 1u);
}

TEST(RequestFields, HostFieldIsKeptWithoutAuthority) {
    auto head = request({{":method", "GET"}, {":path", "/"}, {"host", "b.example"}}).head();
    EXPECT_EQ(head.find("host").value_or(""), "b.example");
}

TEST(RequestFields, ExpectContinueIsSeen) {
    auto head = request({{":method", "PUT"}, {":path", "/"}, {"expect", "100-continue"}}).head();
    EXPECT_TRUE(head.expect_continue);
}

TEST(RequestFields, RefusalsFollowTheHttp11Limits) {
    EXPECT_EQ(request({{":method", "GET"}}).refusal(), 400);  // no :path (CONNECT)
    EXPECT_EQ(request({{":method", "GET"}, {":path", "relative"}}).refusal(), 400);
    EXPECT_EQ(request({{":method", "OPTIONS"}, {":path", "*"}}).refusal(), 0);
    EXPECT_EQ(request({{":method", "GET"}, {":path", "/"}, {"content-length", "x1"}}).refusal(), 400);
    HeadLimits small{16, 64, 2};
    EXPECT_EQ(request({{":method", "GET"}, {":path", "/a-very-long-path"}}, small).refusal(), 414);
    EXPECT_EQ(request({{":method", "GET"}, {":path", "/"}, {"a", "1"}, {"b", "2"}, {"c", "3"}}, small).refusal(), 431);
    EXPECT_EQ(request({{":method", "GET"}, {":path", "/"}, {"a", std::string(80, 'x').c_str()}}, small).refusal(), 431);
}

TEST(RequestFields, FieldsPastTheLimitAreCountedButNotKept) {
    HeadLimits small{8192, 64, 100};
    auto fields = request({{":method", "GET"}, {":path", "/"}, {"a", std::string(100, 'x').c_str()}}, small);
    EXPECT_GT(fields.decoded_bytes(), 100u);
    EXPECT_TRUE(fields.head().headers.empty());
}

}  // namespace
}  // namespace runtime::http2
