#include "runtime/http/response_head.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace runtime::http {
namespace {

std::string serialize_ok(const ResponseHeadSpec& spec) {
    auto result = serialize_response_head(spec);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result.value() : std::string();
}

ResponseHeadSpec spec_with(int status, BodyFraming framing, std::vector<Header> headers = {}) {
    ResponseHeadSpec spec;
    spec.status = status;
    spec.framing = framing;
    spec.headers = std::move(headers);
    return spec;
}

struct ReasonCase {
    int status;
    std::string_view reason;
};

class ReasonPhrase : public ::testing::TestWithParam<ReasonCase> {};

TEST_P(ReasonPhrase, MatchesRegistry) { EXPECT_EQ(reason_phrase(GetParam().status), GetParam().reason); }

INSTANTIATE_TEST_SUITE_P(
    Registry, ReasonPhrase,
    ::testing::Values(ReasonCase{100, "Continue"}, ReasonCase{103, "Early Hints"}, ReasonCase{200, "OK"},
                      ReasonCase{204, "No Content"}, ReasonCase{206, "Partial Content"}, ReasonCase{226, "IM Used"},
                      ReasonCase{301, "Moved Permanently"}, ReasonCase{304, "Not Modified"},
                      ReasonCase{308, "Permanent Redirect"}, ReasonCase{400, "Bad Request"},
                      ReasonCase{404, "Not Found"}, ReasonCase{413, "Content Too Large"},
                      ReasonCase{414, "URI Too Long"}, ReasonCase{421, "Misdirected Request"},
                      ReasonCase{422, "Unprocessable Content"}, ReasonCase{431, "Request Header Fields Too Large"},
                      ReasonCase{451, "Unavailable For Legal Reasons"}, ReasonCase{500, "Internal Server Error"},
                      ReasonCase{501, "Not Implemented"}, ReasonCase{502, "Bad Gateway"},
                      ReasonCase{503, "Service Unavailable"}, ReasonCase{504, "Gateway Timeout"},
                      ReasonCase{505, "HTTP Version Not Supported"},
                      ReasonCase{511, "Network Authentication Required"}, ReasonCase{299, "Unknown"},
                      ReasonCase{600, "Unknown"}, ReasonCase{0, "Unknown"}, ReasonCase{-1, "Unknown"}));

TEST(SerializeResponseHead, ContentLengthFraming) {
    auto spec = spec_with(200, BodyFraming::content_length, {{"Content-Type", "text/html"}, {"X-A", "1"}});
    spec.content_length = 42;
    EXPECT_EQ(serialize_ok(spec),
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-A: 1\r\nContent-Length: 42\r\n\r\n");
}

TEST(SerializeResponseHead, ChunkedFraming) {
    auto spec = spec_with(404, BodyFraming::chunked);
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n");
}

TEST(SerializeResponseHead, AppFramingAndConnectionHeadersAreReplaced) {
    auto spec = spec_with(200, BodyFraming::chunked,
                          {{"content-length", "999"},
                           {"Transfer-Encoding", "gzip"},
                           {"Connection", "upgrade"},
                           {"Keep-Alive", "timeout=5"},
                           {"X-Kept", "yes"}});
    spec.keep_alive = false;
    EXPECT_EQ(serialize_ok(spec),
              "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
}

TEST(SerializeResponseHead, ConnectionHeaderByVersionAndKeepAlive) {
    auto spec = spec_with(200, BodyFraming::content_length);
    spec.version_minor = 0;
    spec.keep_alive = true;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
    spec.keep_alive = false;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    spec.version_minor = 1;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    spec.keep_alive = true;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST(SerializeResponseHead, CloseDelimitedAlwaysCloses) {
    auto spec = spec_with(200, BodyFraming::close_delimited, {{"Content-Length", "10"}});
    spec.version_minor = 0;
    spec.keep_alive = true;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n");
}

TEST(SerializeResponseHead, ChunkedIsRefusedForHttp10) {
    auto spec = spec_with(200, BodyFraming::chunked);
    spec.version_minor = 0;
    EXPECT_FALSE(serialize_response_head(spec).ok());
}

TEST(SerializeResponseHead, HeadKeepsTheAppsContentLength) {
    auto spec = spec_with(200, BodyFraming::none, {{"Content-Type", "text/html"}, {"Content-Length", "1234"}});
    spec.is_head_request = true;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\n\r\n");
}

TEST(SerializeResponseHead, HeadWithoutAppLengthHasNoBodyHeaders) {
    auto spec = spec_with(200, BodyFraming::none);
    spec.is_head_request = true;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\n\r\n");
    spec.framing = BodyFraming::chunked;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\n\r\n") << "no Transfer-Encoding without a body";
}

TEST(SerializeResponseHead, HeadWithKnownLengthUsesOurs) {
    auto spec = spec_with(200, BodyFraming::content_length, {{"Content-Length", "1"}});
    spec.is_head_request = true;
    spec.content_length = 77;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\nContent-Length: 77\r\n\r\n");
}

TEST(SerializeResponseHead, NoBodyStatusesGetNoFramingHeaders) {
    for (int status : {204, 304}) {
        for (auto framing : {BodyFraming::none, BodyFraming::content_length, BodyFraming::chunked}) {
            auto spec = spec_with(status, framing, {{"ETag", "\"x\""}, {"Content-Length", "5"},
                                                    {"Transfer-Encoding", "chunked"}});
            spec.content_length = 5;
            EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 " + std::to_string(status) + " " +
                                              std::string(reason_phrase(status)) + "\r\nETag: \"x\"\r\n\r\n");
        }
    }
}

TEST(SerializeResponseHead, InterimResponseIsBare) {
    auto spec = spec_with(100, BodyFraming::none);
    spec.keep_alive = false;
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 100 Continue\r\n\r\n");
    auto hints = spec_with(103, BodyFraming::none, {{"Link", "</app.css>; rel=preload"}});
    EXPECT_EQ(serialize_ok(hints), "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n");
}

TEST(SerializeResponseHead, NoneFramingOnBodyStatusSaysZeroLength) {
    EXPECT_EQ(serialize_ok(spec_with(200, BodyFraming::none)), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST(SerializeResponseHead, UnknownStatusGetsUnknownReason) {
    EXPECT_EQ(serialize_ok(spec_with(299, BodyFraming::none)), "HTTP/1.1 299 Unknown\r\nContent-Length: 0\r\n\r\n");
}

struct BadSpecCase {
    std::string name;
    ResponseHeadSpec spec;
};

class RefusedResponseHead : public ::testing::TestWithParam<BadSpecCase> {};

TEST_P(RefusedResponseHead, IsAnError) {
    const auto result = serialize_response_head(GetParam().spec);
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(result.error().message.find('\n'), std::string::npos) << "the error is safe to log";
}

std::vector<BadSpecCase> refused_specs() {
    const auto with_header = [](std::string name, std::string value) {
        return spec_with(200, BodyFraming::content_length, {{"X-Ok", "1"}, {std::move(name), std::move(value)}});
    };
    auto bad_status = spec_with(42, BodyFraming::none);
    auto bad_version = spec_with(200, BodyFraming::none);
    bad_version.version_minor = 2;
    return {
        {"crlf_in_value", with_header("X-A", "a\r\nSet-Cookie: evil=1")},
        {"lf_in_value", with_header("X-A", "a\nb")},
        {"cr_in_value", with_header("X-A", "a\rb")},
        {"nul_in_value", with_header("X-A", std::string("a\0b", 3))},
        {"crlf_in_name", with_header("X-A\r\nSet-Cookie", "evil")},
        {"colon_in_name", with_header("X-A:", "v")},
        {"space_in_name", with_header("X A", "v")},
        {"empty_name", with_header("", "v")},
        {"non_ascii_name", with_header("X-\xc3\xa9", "v")},
        {"crlf_in_framing_header_value", with_header("Content-Length", "1\r\n\r\nsmuggled")},
        {"status_out_of_range", bad_status},
        {"version_out_of_range", bad_version},
    };
}

INSTANTIATE_TEST_SUITE_P(Injection, RefusedResponseHead, ::testing::ValuesIn(refused_specs()),
                         [](const ::testing::TestParamInfo<BadSpecCase>& param_info) { return param_info.param.name; });

TEST(SerializeResponseHead, TabsAndObsTextInValuesAreAllowed) {
    auto spec = spec_with(200, BodyFraming::none, {{"X-A", "a\tb caf\xc3\xa9"}});
    EXPECT_EQ(serialize_ok(spec), "HTTP/1.1 200 OK\r\nX-A: a\tb caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n");
}

TEST(ChunkFraming, PrefixIsLowercaseHexSize) {
    EXPECT_EQ(chunk_prefix(1), "1\r\n");
    EXPECT_EQ(chunk_prefix(26), "1a\r\n");
    EXPECT_EQ(chunk_prefix(4096), "1000\r\n");
    EXPECT_EQ(chunk_prefix(0xFFFFFFFFULL), "ffffffff\r\n");
    EXPECT_EQ(chunk_suffix, "\r\n");
    EXPECT_EQ(last_chunk, "0\r\n\r\n");
}

TEST(SimpleResponse, BuildsACompleteResponse) {
    EXPECT_EQ(simple_response(503, false, "busy\n"),
              "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
              "Content-Length: 5\r\nConnection: close\r\n\r\nbusy\n");
}

TEST(SimpleResponse, EmptyBodyDefaultsToTheStatusLine) {
    EXPECT_EQ(simple_response(404, true),
              "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\n\r\n"
              "404 Not Found\n");
}

TEST(SimpleResponse, ExtraHeadersAreKeptAndInvalidOnesDropped) {
    EXPECT_EQ(simple_response(413, false, "too big", {{"Retry-After", "5"}, {"X-Bad", "a\r\nb"}}),
              "HTTP/1.1 413 Content Too Large\r\nRetry-After: 5\r\nContent-Type: text/plain; charset=utf-8\r\n"
              "Content-Length: 7\r\nConnection: close\r\n\r\ntoo big");
}

TEST(SimpleResponse, CallerContentTypeWins) {
    EXPECT_EQ(simple_response(400, true, "{}", {{"content-type", "application/json"}}),
              "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nContent-Length: 2\r\n\r\n{}");
}

TEST(SimpleResponse, NoBodyForNoContent) {
    EXPECT_EQ(simple_response(204, true, "ignored"), "HTTP/1.1 204 No Content\r\n\r\n");
}

TEST(HttpDate, FormatsImfFixdate) {
    EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
}

}  // namespace
}  // namespace runtime::http
