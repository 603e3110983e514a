#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "parser_driver.hpp"
#include "runtime/http/request_parser.hpp"

namespace runtime::http {
namespace {

using testing::dump;
using testing::parse_bytewise;
using testing::parse_pieces;
using testing::parse_split;
using testing::parse_whole;
using testing::Transcript;
using EventKind = RequestParser::EventKind;

struct ValidCase {
    std::string name;
    std::string raw;
    std::string method;
    std::string target;
    int version_minor;
    std::vector<Header> headers;
    std::string body;
    bool keep_alive;
    bool chunked;
    std::optional<std::uint64_t> content_length;
    bool expect_continue;
};

std::vector<ValidCase> valid_cases() {
    return {
        {"simple_get", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET", "/", 1,
         {{"Host", "example.com"}}, "", true, false, std::nullopt, false},
        {"query_and_ows", "GET /search?q=a%20b&x=1 HTTP/1.1\r\nHost: h\r\nX-Pad: \t padded value \t\r\n\r\n", "GET",
         "/search?q=a%20b&x=1", 1, {{"Host", "h"}, {"X-Pad", "padded value"}}, "", true, false, std::nullopt, false},
        {"content_length_body",
         "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
         "POST", "/submit", 1, {{"Host", "h"}, {"Content-Type", "text/plain"}, {"Content-Length", "11"}},
         "hello world", true, false, 11, false},
        {"chunked_with_extensions_and_trailers",
         "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5;name=value\r\nhello\r\n"
         "6;flag\r\n world\r\n"
         "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n",
         "POST", "/upload", 1, {{"Host", "h"}, {"Transfer-Encoding", "chunked"}}, "hello world", true, true,
         std::nullopt, false},
        {"chunked_uppercase_hex_sizes",
         "PUT /f HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", "PUT", "/f",
         1, {{"Host", "h"}, {"Transfer-Encoding", "chunked"}}, "0123456789", true, true, std::nullopt, false},
        {"http10_without_keep_alive", "GET /old HTTP/1.0\r\n\r\n", "GET", "/old", 0, {}, "", false, false,
         std::nullopt, false},
        {"http10_with_keep_alive", "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", "/old", 0,
         {{"Connection", "keep-alive"}}, "", true, false, std::nullopt, false},
        {"http10_post_body", "POST /p HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc", "POST", "/p", 0,
         {{"Content-Length", "3"}}, "abc", false, false, 3, false},
        {"http10_chunked_closes_after_request",
         "POST /c HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
         "POST", "/c", 0, {{"Connection", "keep-alive"}, {"Transfer-Encoding", "chunked"}}, "ok", false, true,
         std::nullopt, false},
        {"http11_connection_close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", "GET", "/", 1,
         {{"Host", "h"}, {"Connection", "close"}}, "", false, false, std::nullopt, false},
        {"expect_continue",
         "POST /big HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\ndata", "POST", "/big",
         1, {{"Host", "h"}, {"Expect", "100-Continue"}, {"Content-Length", "4"}}, "data", true, false, 4, true},
        {"expect_continue_ignored_in_http10",
         "POST /big HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx", "POST", "/big", 0,
         {{"Expect", "100-continue"}, {"Content-Length", "1"}}, "x", false, false, 1, false},
        {"empty_header_value", "GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n", "GET", "/", 1,
         {{"Host", "h"}, {"X-Empty", ""}, {"X-Spaces", ""}}, "", true, false, std::nullopt, false},
        {"leading_empty_line", "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "GET", "/", 1, {{"Host", "h"}}, "", true,
         false, std::nullopt, false},
        {"options_asterisk", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "OPTIONS", "*", 1, {{"Host", "h"}}, "", true,
         false, std::nullopt, false},
        // absolute-form is routed by its path (RFC 9112 3.2.2; request_target_test.cpp has the host).
        {"absolute_form_target", "GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET",
         "/x?y", 1, {{"Host", "example.com"}}, "", true, false, std::nullopt, false},
        {"delete_zero_length", "DELETE /item/1 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", "DELETE",
         "/item/1", 1, {{"Host", "h"}, {"Content-Length", "0"}}, "", true, false, 0, false},
        {"get_with_body", "GET /q HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}", "GET", "/q", 1,
         {{"Host", "h"}, {"Content-Length", "2"}}, "{}", true, false, 2, false},
        {"utf8_header_value", "GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\xc3\xa9\r\n\r\n", "GET", "/", 1,
         {{"Host", "h"}, {"X-Name", "caf\xc3\xa9"}}, "", true, false, std::nullopt, false},
        {"case_preserved_and_repeated_fields",
         "PATCH /r HTTP/1.1\r\nhOsT: h\r\nAccept: a\r\naccept: b\r\nContent-Length: 1\r\n\r\nz", "PATCH", "/r", 1,
         {{"hOsT", "h"}, {"Accept", "a"}, {"accept", "b"}, {"Content-Length", "1"}}, "z", true, false, 1, false},
        {"list_valued_fields",
         "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Hop\r\nAccept: a/b, c/d;q=0.5\r\n\r\n", "GET", "/", 1,
         {{"Host", "h"}, {"Connection", "keep-alive, X-Hop"}, {"Accept", "a/b, c/d;q=0.5"}}, "", true, false,
         std::nullopt, false},
        {"chunked_empty_body", "POST /e HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "POST",
         "/e", 1, {{"Host", "h"}, {"Transfer-Encoding", "chunked"}}, "", true, true, std::nullopt, false},
    };
}

class ValidRequest : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ValidRequest, WholeInputYieldsExpectedHeadAndBody) {
    const ValidCase& c = GetParam();
    const Transcript t = parse_whole(c.raw);
    ASSERT_FALSE(t.error) << t.error->status << " " << t.error->reason;
    ASSERT_EQ(t.messages.size(), 1U);
    const auto& message = t.messages.front();
    const RequestHead& head = message.head;
    EXPECT_TRUE(message.complete);
    EXPECT_EQ(head.method, c.method);
    EXPECT_EQ(head.target, c.target);
    EXPECT_EQ(head.version_major, 1);
    EXPECT_EQ(head.version_minor, c.version_minor);
    ASSERT_EQ(head.headers.size(), c.headers.size());
    for (std::size_t i = 0; i < c.headers.size(); ++i) {
        EXPECT_EQ(head.headers[i].name, c.headers[i].name);
        EXPECT_EQ(head.headers[i].value, c.headers[i].value);
    }
    EXPECT_EQ(message.body, c.body);
    EXPECT_EQ(head.keep_alive, c.keep_alive);
    EXPECT_EQ(head.chunked, c.chunked);
    EXPECT_EQ(head.content_length, c.content_length);
    EXPECT_EQ(head.expect_continue, c.expect_continue);
    EXPECT_EQ(head.has_body(), c.chunked || (c.content_length && *c.content_length > 0));
}

TEST_P(ValidRequest, EverySplitPositionGivesTheSameTranscript) {
    const ValidCase& c = GetParam();
    const std::string expected = dump(parse_whole(c.raw));
    for (std::size_t at = 0; at <= c.raw.size(); ++at) {
        EXPECT_EQ(dump(parse_split(c.raw, at)), expected) << "split at " << at;
    }
}

TEST_P(ValidRequest, ByteByByteGivesTheSameTranscript) {
    const ValidCase& c = GetParam();
    EXPECT_EQ(dump(parse_bytewise(c.raw)), dump(parse_whole(c.raw)));
}

TEST_P(ValidRequest, EofAfterCompleteRequestIsClean) {
    const ValidCase& c = GetParam();
    const Transcript t = parse_pieces({c.raw}, {}, /*eof=*/true);
    EXPECT_FALSE(t.error);
}

INSTANTIATE_TEST_SUITE_P(Requests, ValidRequest, ::testing::ValuesIn(valid_cases()),
                         [](const ::testing::TestParamInfo<ValidCase>& param_info) { return param_info.param.name; });

const std::string kPipelined =
    "GET /first HTTP/1.1\r\nHost: h\r\n\r\n"
    "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde"
    "POST /third HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n";

TEST(RequestParserPipelining, ThreeRequestsInOneBufferComeOutInOrder) {
    const Transcript t = parse_whole(kPipelined);
    ASSERT_FALSE(t.error);
    ASSERT_EQ(t.messages.size(), 3U);
    EXPECT_EQ(t.messages[0].head.target, "/first");
    EXPECT_EQ(t.messages[0].body, "");
    EXPECT_EQ(t.messages[1].head.target, "/second");
    EXPECT_EQ(t.messages[1].body, "abcde");
    EXPECT_EQ(t.messages[2].head.target, "/third");
    EXPECT_EQ(t.messages[2].body, "xyz");
    for (const auto& message : t.messages) {
        EXPECT_TRUE(message.complete);
        EXPECT_TRUE(message.head.keep_alive);
    }
}

TEST(RequestParserPipelining, SplitsAndByteByByteMatch) {
    const std::string expected = dump(parse_whole(kPipelined));
    for (std::size_t at = 0; at <= kPipelined.size(); ++at) {
        EXPECT_EQ(dump(parse_split(kPipelined, at)), expected) << "split at " << at;
    }
    EXPECT_EQ(dump(parse_bytewise(kPipelined)), expected);
}

// Feeds `input`, expects a head event for `target` that consumed exactly `head`, and drops it.
void expect_head(RequestParser& parser, std::string_view& input, std::string_view head, std::string_view target) {
    const auto event = parser.feed(input);
    ASSERT_EQ(event.kind, EventKind::head);
    EXPECT_EQ(event.consumed, head.size());
    EXPECT_EQ(parser.head().target, target);
    input.remove_prefix(event.consumed);
}

void expect_complete(RequestParser& parser, std::string_view input) {
    const auto event = parser.feed(input);
    ASSERT_EQ(event.kind, EventKind::message_complete);
    EXPECT_EQ(event.consumed, 0U);
}

TEST(RequestParserPipelining, OneEventPerCallWithPreciseConsumption) {
    RequestParser parser;
    std::string_view input = kPipelined;

    expect_head(parser, input, "GET /first HTTP/1.1\r\nHost: h\r\n\r\n", "/first");
    expect_complete(parser, input);
    EXPECT_EQ(parser.head().target, "/first") << "head stays valid until the next request starts";

    expect_head(parser, input, "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", "/second");
    const auto body = parser.feed(input);
    ASSERT_EQ(body.kind, EventKind::body);
    EXPECT_EQ(body.body, "abcde");
    EXPECT_EQ(body.consumed, 5U);
    EXPECT_EQ(body.body.data(), input.data());
    input.remove_prefix(body.consumed);
    expect_complete(parser, input);
    EXPECT_TRUE(input.starts_with("POST /third"));
}

TEST(RequestParserEvents, PartialBodyIsReportedAsItArrives) {
    RequestParser parser;
    const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n";
    auto event = parser.feed(head);
    ASSERT_EQ(event.kind, EventKind::head);
    EXPECT_EQ(event.consumed, head.size());

    event = parser.feed("");
    EXPECT_EQ(event.kind, EventKind::need_more) << "no body bytes yet";

    event = parser.feed("0123");
    ASSERT_EQ(event.kind, EventKind::body);
    EXPECT_EQ(event.body, "0123");
    EXPECT_EQ(event.consumed, 4U);
    EXPECT_EQ(parser.feed("").kind, EventKind::need_more);

    event = parser.feed("456789GET");
    ASSERT_EQ(event.kind, EventKind::body);
    EXPECT_EQ(event.body, "456789");
    EXPECT_EQ(event.consumed, 6U) << "the next request's bytes are not consumed with the body";
    event = parser.feed("GET");
    EXPECT_EQ(event.kind, EventKind::message_complete);
    EXPECT_EQ(event.consumed, 0U);
    EXPECT_FALSE(parser.in_message());
}

TEST(RequestParserEvents, HeadIsResetWhenTheNextRequestStarts) {
    RequestParser parser;
    ASSERT_EQ(parser.feed("GET /a HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\r\n").kind, EventKind::head);
    ASSERT_EQ(parser.feed("").kind, EventKind::message_complete);
    ASSERT_EQ(parser.feed("GET /b HTTP/1.1\r\nHost: h\r\n\r\n").kind, EventKind::head);
    EXPECT_EQ(parser.head().target, "/b");
    EXPECT_EQ(parser.head().headers.size(), 1U);
    EXPECT_FALSE(parser.head().find("X-A"));
}

TEST(RequestParserEvents, FindIsCaseInsensitiveAndReturnsTheFirstField) {
    const Transcript t = parse_whole("GET / HTTP/1.1\r\nHost: h\r\nX-Dup: one\r\nx-dup: two\r\n\r\n");
    ASSERT_EQ(t.messages.size(), 1U);
    EXPECT_EQ(t.messages[0].head.find("X-DUP"), "one");
    EXPECT_EQ(t.messages[0].head.find("host"), "h");
    EXPECT_FALSE(t.messages[0].head.find("Missing"));
}

TEST(RequestParserEof, EofBetweenRequestsIsClean) {
    RequestParser parser;
    EXPECT_EQ(parser.finish().kind, EventKind::need_more);
}

TEST(RequestParserEof, EofMidRequestIsBadRequest) {
    const std::vector<std::string> truncated = {
        "G",
        "GET / HTTP/1.1\r\nHost: h\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
    };
    for (const auto& input : truncated) {
        const Transcript t = parse_pieces({input}, {}, /*eof=*/true);
        ASSERT_TRUE(t.error) << input;
        EXPECT_EQ(t.error->status, 400) << input;
    }
}

TEST(RequestParserErrors, ErrorIsSticky) {
    RequestParser parser;
    ASSERT_EQ(parser.feed("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n").kind, EventKind::error);
    EXPECT_EQ(parser.error().status, 400);
    EXPECT_FALSE(parser.error().reason.empty());
    EXPECT_EQ(parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n").kind, EventKind::error);
    EXPECT_EQ(parser.finish().kind, EventKind::error);
}

TEST(RequestParserLimits, BodyExactlyAtTheLimitIsAccepted) {
    ParserLimits limits;
    limits.max_body_bytes = 5;
    const Transcript by_length = parse_whole("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde", limits);
    EXPECT_FALSE(by_length.error);
    const Transcript by_chunks = parse_whole(
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n", limits);
    EXPECT_FALSE(by_chunks.error);
    ASSERT_EQ(by_chunks.messages.size(), 1U);
    EXPECT_EQ(by_chunks.messages[0].body, "abcde");
}

TEST(RequestParserLimits, LimitsApplyPerRequest) {
    ParserLimits limits;
    limits.max_header_count = 2;
    limits.max_body_bytes = 3;
    std::string input;
    for (int i = 0; i < 4; ++i) {
        input += "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    }
    const Transcript t = parse_whole(input, limits);
    EXPECT_FALSE(t.error);
    EXPECT_EQ(t.messages.size(), 4U);
}

}  // namespace
}  // namespace runtime::http
