#include <gtest/gtest.h>

#include <string>

#include "parser_driver.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/request_target.hpp"

namespace runtime::http {
namespace {

TEST(SplitAbsoluteForm, TakesAuthorityAndOriginForm) {
    const auto target = split_absolute_form("http://example.com:8080/a/b?x=1");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->authority, "example.com:8080");
    EXPECT_EQ(target->origin_form, "/a/b?x=1");
}

TEST(SplitAbsoluteForm, SchemeIsCaseInsensitiveAndHttpsCounts) {
    const auto target = split_absolute_form("HTTPS://Example.com/p");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->authority, "Example.com");
    EXPECT_EQ(target->origin_form, "/p");
}

TEST(SplitAbsoluteForm, EmptyPathBecomesSlash) {
    const auto bare = split_absolute_form("http://h");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->origin_form, "/");
    const auto query = split_absolute_form("http://h?q=1");
    ASSERT_TRUE(query);
    EXPECT_EQ(query->origin_form, "/?q=1");
}

TEST(SplitAbsoluteForm, DropsUserinfo) {
    const auto target = split_absolute_form("http://user:pw@h/p");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->authority, "h");
}

TEST(SplitAbsoluteForm, OriginFormAndOtherSchemesAreNotAbsolute) {
    EXPECT_FALSE(split_absolute_form("/path"));
    EXPECT_FALSE(split_absolute_form("ftp://h/p"));
    EXPECT_FALSE(split_absolute_form("http:///p"));
    EXPECT_FALSE(split_absolute_form("*"));
}

TEST(UnrecognizedMethod, WellFormedTokenIsNotImplemented) {
    EXPECT_EQ(status_for_unrecognized_method("BREW /pot HTTP/1.1\r\n"), 501);
    EXPECT_EQ(status_for_unrecognized_method("\r\nPURGE / HTTP/1.1\r\n"), 501);
    EXPECT_EQ(status_for_unrecognized_method("FO"), 501);  // cut short: still a token
}

TEST(UnrecognizedMethod, NonTokenIsBadRequest) {
    EXPECT_EQ(status_for_unrecognized_method("GE(T / HTTP/1.1\r\n"), 400);
    EXPECT_EQ(status_for_unrecognized_method(std::string("\x16\x03\x01\x02\x00", 5)), 400);
    EXPECT_EQ(status_for_unrecognized_method(" / HTTP/1.1"), 400);
}

TEST(RequestParserTarget, AbsoluteFormIsRoutedByPathWithTheUriHost) {
    const auto t = testing::parse_whole("GET http://app.example/x/y?z=1 HTTP/1.1\r\nHost: other\r\n\r\n", {});
    ASSERT_FALSE(t.error) << t.error->reason;
    ASSERT_EQ(t.messages.size(), 1u);
    EXPECT_EQ(t.messages[0].head.target, "/x/y?z=1");
    EXPECT_EQ(t.messages[0].head.find("Host").value_or(""), "app.example");
}

TEST(RequestParserTarget, AsteriskFormIsForOptionsOnly) {
    const auto options = testing::parse_whole("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", {});
    EXPECT_FALSE(options.error);
    const auto get = testing::parse_whole("GET * HTTP/1.1\r\nHost: h\r\n\r\n", {});
    ASSERT_TRUE(get.error);
    EXPECT_EQ(get.error->status, 400);
}

}  // namespace
}  // namespace runtime::http
