#include "runtime/http2/response_headers.hpp"

#include <gtest/gtest.h>

namespace runtime::http2 {
namespace {

TEST(ResponseHeaderBlock, StatusFirstNamesLowerCasedConnectionFieldsDropped) {
    auto block = response_header_block({200,
                                        {{"Content-Type", "text/html"},
                                         {"Connection", "keep-alive"},
                                         {"Transfer-Encoding", "chunked"},
                                         {"Keep-Alive", "timeout=5"},
                                         {"Set-Cookie", "a=1"},
                                         {"Set-Cookie", "b=2"}},
                                        std::nullopt});
    ASSERT_TRUE(block.ok()) << block.error().message;
    ASSERT_EQ(block->size(), 4u);
    EXPECT_EQ((*block)[0].name, ":status");
    EXPECT_EQ((*block)[0].value, "200");
    EXPECT_EQ((*block)[1].name, "content-type");
    EXPECT_EQ((*block)[2].name, "set-cookie");
    EXPECT_EQ((*block)[3].value, "b=2");
}

TEST(ResponseHeaderBlock, KnownLengthReplacesTheApplicationsContentLength) {
    auto block = response_header_block({200, {{"Content-Length", "999"}}, 12});
    ASSERT_TRUE(block.ok());
    ASSERT_EQ(block->size(), 2u);
    EXPECT_EQ(block->back().name, "content-length");
    EXPECT_EQ(block->back().value, "12");
}

TEST(ResponseHeaderBlock, UnknownLengthKeepsTheApplicationsContentLength) {
    auto block = response_header_block({200, {{"Content-Length", "999"}}, std::nullopt});
    ASSERT_TRUE(block.ok());
    EXPECT_EQ(block->back().value, "999");
}

TEST(ResponseHeaderBlock, NoLengthOnResponsesWithoutContent) {
    auto block = response_header_block({304, {{"Content-Length", "5"}, {"ETag", "\"x\""}}, 5});
    ASSERT_TRUE(block.ok());
    ASSERT_EQ(block->size(), 2u);
    EXPECT_EQ(block->back().name, "etag");
}

TEST(ResponseHeaderBlock, RefusesWhatHttp2CannotCarry) {
    EXPECT_FALSE(response_header_block({200, {{"Bad Name", "x"}}, std::nullopt}).ok());
    EXPECT_FALSE(response_header_block({200, {{"", "x"}}, std::nullopt}).ok());
    EXPECT_FALSE(response_header_block({200, {{"X-Split", "a\r\nb: c"}}, std::nullopt}).ok());
    EXPECT_FALSE(response_header_block({200, {{":status", "500"}}, std::nullopt}).ok());
    EXPECT_FALSE(response_header_block({42, {}, std::nullopt}).ok());
}

}  // namespace
}  // namespace runtime::http2
