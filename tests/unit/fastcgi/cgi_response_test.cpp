#include <gtest/gtest.h>

#include "runtime/fastcgi/cgi_response.hpp"

namespace runtime::fastcgi {
namespace {

TEST(CgiResponseHead, WritesStatusThenHeaders) {
    auto head = cgi_response_head(404, "Not Found", {{"Content-Type", "text/html; charset=UTF-8"}, {"Set-Cookie", "a=1"},
                                                    {"Set-Cookie", "b=2"}});
    ASSERT_TRUE(head.ok()) << head.error().message;
    EXPECT_EQ(*head,
              "Status: 404 Not Found\r\nContent-Type: text/html; charset=UTF-8\r\nSet-Cookie: a=1\r\n"
              "Set-Cookie: b=2\r\n\r\n");
}

TEST(CgiResponseHead, LeavesTheReasonToNginxWhenEmpty) {
    EXPECT_EQ(*cgi_response_head(200, "", {}), "Status: 200\r\n\r\n");
    EXPECT_EQ(*cgi_response_head(299, "", {{"X-Empty", ""}}), "Status: 299\r\nX-Empty: \r\n\r\n");
}

TEST(CgiResponseHead, RefusesLineBreaksAndNul) {
    EXPECT_FALSE(cgi_response_head(200, "OK", {{"X-A", "1\r\nX-Injected: 1"}}).ok());
    EXPECT_FALSE(cgi_response_head(200, "OK", {{"X-A", "1\nX"}}).ok());
    EXPECT_FALSE(cgi_response_head(200, "OK", {{"X-A", std::string("1\0", 2)}}).ok());
    EXPECT_FALSE(cgi_response_head(200, "OK", {{"X-A\r\nX-B", "1"}}).ok());
    EXPECT_FALSE(cgi_response_head(200, "OK\r\nX: y", {}).ok());
    EXPECT_EQ(cgi_response_head(200, "OK", {{"X-A", "1\r\n"}}).error().message,
              "CR, LF or NUL in the value of CGI header X-A");
}

TEST(CgiResponseHead, RefusesNamesThatAreNotTokens) {
    for (const char* name : {"", "Bad Name", "Bad:Name", "Bad\tName", "Ünicode"}) {
        EXPECT_FALSE(cgi_response_head(200, "OK", {{name, "v"}}).ok()) << name;
    }
    EXPECT_TRUE(cgi_response_head(200, "OK", {{"X-Custom_Header.v2!#$%&'*+^`|~", "v"}}).ok());
}

TEST(CgiResponseHead, RefusesAStatusHeaderAndBadCodes) {
    EXPECT_FALSE(cgi_response_head(200, "OK", {{"status", "500"}}).ok());
    EXPECT_FALSE(cgi_response_head(99, "", {}).ok());
    EXPECT_FALSE(cgi_response_head(1000, "", {}).ok());
    EXPECT_TRUE(cgi_response_head(100, "Continue", {}).ok());
}

}  // namespace
}  // namespace runtime::fastcgi
