// The static-file answer as a whole: status, validators, ranges, HEAD and encodings.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/http/response_head.hpp"
#include "runtime/http/static_response.hpp"

namespace runtime::http {
namespace {

constexpr std::time_t kMtime = 784111777;

std::optional<std::string> header(const StaticPlan& plan, std::string_view name) {
    const auto it = std::find_if(plan.headers.begin(), plan.headers.end(),
                                 [&](const Header& h) { return h.name == name; });
    if (it == plan.headers.end()) return std::nullopt;
    return it->value;
}

StaticFileFacts file(std::uint64_t size = 1000) { return StaticFileFacts{size, kMtime, "text/css; charset=utf-8"}; }

TEST(StaticResponse, WholeFile) {
    const auto plan = plan_static_response({}, file());
    EXPECT_EQ(plan.status, 200);
    EXPECT_TRUE(plan.send_body);
    EXPECT_EQ(plan.body_offset, 0U);
    EXPECT_EQ(plan.body_length, 1000U);
    EXPECT_EQ(plan.content_length, 1000U);
    EXPECT_EQ(header(plan, "Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(header(plan, "ETag"), make_etag(1000, kMtime));
    EXPECT_EQ(header(plan, "Last-Modified"), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(header(plan, "Accept-Ranges"), "bytes");
    EXPECT_EQ(header(plan, "Vary"), std::nullopt);
    EXPECT_EQ(header(plan, "Content-Encoding"), std::nullopt);
}

TEST(StaticResponse, HeadAnnouncesTheLengthWithoutABody) {
    StaticRequestFacts request;
    request.is_head = true;
    const auto plan = plan_static_response(request, file());
    EXPECT_EQ(plan.status, 200);
    EXPECT_EQ(plan.content_length, 1000U);
    EXPECT_FALSE(plan.send_body);
}

TEST(StaticResponse, NotModifiedKeepsValidatorsAndDropsTheBody) {
    const std::string etag = make_etag(1000, kMtime);
    StaticRequestFacts request;
    request.conditions.if_none_match = etag;
    auto facts = file();
    facts.vary_on_encoding = true;
    const auto plan = plan_static_response(request, facts);
    EXPECT_EQ(plan.status, 304);
    EXPECT_FALSE(plan.send_body);
    EXPECT_EQ(header(plan, "ETag"), etag);
    EXPECT_EQ(header(plan, "Vary"), "Accept-Encoding");
    EXPECT_EQ(header(plan, "Content-Type"), std::nullopt);
}

TEST(StaticResponse, FailedPrecondition) {
    StaticRequestFacts request;
    request.conditions.if_match = "\"nope\"";
    EXPECT_EQ(plan_static_response(request, file()).status, 412);
}

TEST(StaticResponse, SingleRange) {
    StaticRequestFacts request;
    request.range = "bytes=100-199";
    const auto plan = plan_static_response(request, file());
    EXPECT_EQ(plan.status, 206);
    EXPECT_EQ(plan.body_offset, 100U);
    EXPECT_EQ(plan.body_length, 100U);
    EXPECT_EQ(plan.content_length, 100U);
    EXPECT_EQ(header(plan, "Content-Range"), "bytes 100-199/1000");
}

TEST(StaticResponse, UnsatisfiableRange) {
    StaticRequestFacts request;
    request.range = "bytes=5000-";
    const auto plan = plan_static_response(request, file());
    EXPECT_EQ(plan.status, 416);
    EXPECT_FALSE(plan.send_body);
    EXPECT_EQ(plan.content_length, 0U);
    EXPECT_EQ(header(plan, "Content-Range"), "bytes */1000");
}

TEST(StaticResponse, StaleIfRangeGivesTheWholeFile) {
    StaticRequestFacts request;
    request.range = "bytes=0-9";
    request.if_range = "\"stale\"";
    EXPECT_EQ(plan_static_response(request, file()).status, 200);
}

TEST(StaticResponse, PrecompressedRepresentation) {
    auto facts = file(300);
    facts.coding = ContentCoding::br;
    facts.vary_on_encoding = true;
    const auto plan = plan_static_response({}, facts);
    EXPECT_EQ(plan.status, 200);
    EXPECT_EQ(plan.content_length, 300U);
    EXPECT_EQ(header(plan, "Content-Encoding"), "br");
    EXPECT_EQ(header(plan, "Vary"), "Accept-Encoding");
    EXPECT_EQ(header(plan, "Content-Type"), "text/css; charset=utf-8");
}

TEST(StaticResponse, EmptyFile) {
    const auto plan = plan_static_response({}, file(0));
    EXPECT_EQ(plan.status, 200);
    EXPECT_EQ(plan.content_length, 0U);
    EXPECT_FALSE(plan.send_body);
}

TEST(StaticResponse, FactsFromARequestHead) {
    RequestHead head;
    head.method = "HEAD";
    head.headers = {{"range", "bytes=1-2"}, {"IF-NONE-MATCH", "\"x\""}};
    const auto facts = StaticRequestFacts::from(head);
    EXPECT_TRUE(facts.is_head);
    EXPECT_EQ(facts.range, "bytes=1-2");
    EXPECT_EQ(facts.conditions.if_none_match, "\"x\"");
    EXPECT_EQ(facts.if_range, std::nullopt);
}

}  // namespace
}  // namespace runtime::http
