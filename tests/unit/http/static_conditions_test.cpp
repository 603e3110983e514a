// ETags, HTTP dates and the RFC 9110 precondition order for static files.
#include <gtest/gtest.h>

#include "runtime/http/response_head.hpp"
#include "runtime/http/static_conditions.hpp"

namespace runtime::http {
namespace {

constexpr std::time_t kMtime = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(HttpDate, ParsesTheThreeFormats) {
    EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kMtime);
    EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kMtime);
    EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kMtime);
    EXPECT_EQ(parse_http_date(http_date(kMtime)), kMtime);
}

TEST(HttpDate, RejectsGarbage) {
    for (const char* text : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT",
                             "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT trailing"}) {
        EXPECT_EQ(parse_http_date(text), std::nullopt) << text;
    }
}

TEST(Etag, IsStrongAndChangesWithSizeAndTime) {
    EXPECT_EQ(make_etag(0x1f, 0x5f5e100), "\"5f5e100-1f\"");
    EXPECT_NE(make_etag(1, 2), make_etag(1, 3));
    EXPECT_NE(make_etag(1, 2), make_etag(2, 2));
}

class Preconditions : public ::testing::Test {
protected:
    Validators current{make_etag(10, kMtime), kMtime};
    ConditionalHeaders request;
};

TEST_F(Preconditions, NoneGiven) { EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed); }

TEST_F(Preconditions, IfNoneMatchUsesWeakComparison) {
    const std::string list = "\"other\", W/" + current.etag;
    request.if_none_match = list;
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::not_modified);
    request.if_none_match = "\"other\"";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
    request.if_none_match = "*";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::not_modified);
}

TEST_F(Preconditions, IfNoneMatchOverridesIfModifiedSince) {
    request.if_none_match = "\"other\"";
    request.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
}

TEST_F(Preconditions, IfModifiedSince) {
    request.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::not_modified);
    request.if_modified_since = "Sun, 06 Nov 1994 08:49:36 GMT";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
    request.if_modified_since = "not a date";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
}

TEST_F(Preconditions, IfMatchUsesStrongComparison) {
    request.if_match = current.etag;
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
    const std::string weak = "W/" + current.etag;
    request.if_match = weak;
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::failed);
}

TEST_F(Preconditions, IfUnmodifiedSince) {
    request.if_unmodified_since = "Sun, 06 Nov 1994 08:49:36 GMT";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::failed);
    request.if_unmodified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
    EXPECT_EQ(evaluate_preconditions(request, current), Precondition::proceed);
}

TEST_F(Preconditions, IfRange) {
    EXPECT_TRUE(if_range_allows(std::nullopt, current));
    EXPECT_TRUE(if_range_allows(std::string_view(current.etag), current));
    EXPECT_FALSE(if_range_allows(std::string_view("\"stale\""), current));
    EXPECT_TRUE(if_range_allows(std::string_view("Sun, 06 Nov 1994 08:49:37 GMT"), current));
    EXPECT_FALSE(if_range_allows(std::string_view("Sun, 06 Nov 1994 08:49:38 GMT"), current));
}

}  // namespace
}  // namespace runtime::http
