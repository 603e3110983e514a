// Malformed, oversized and smuggling-shaped requests: each must end in an error with the
// expected status, however the bytes are split, and never yield a request head first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parser_driver.hpp"
#include "runtime/http/request_parser.hpp"

namespace runtime::http {
namespace {

using testing::dump;
using testing::parse_bytewise;
using testing::parse_split;
using testing::parse_whole;
using testing::Transcript;

struct AdversarialCase {
    std::string name;
    std::string raw;
    int status;
    ParserLimits limits = {};
    // Requests whose head is fine and whose body is broken: the head event comes first.
    bool head_is_valid = false;
};

ParserLimits small_limits() {
    ParserLimits limits;
    limits.max_request_line = 64;
    limits.max_header_bytes = 128;
    limits.max_header_count = 4;
    limits.max_body_bytes = 16;
    return limits;
}

const std::string kPost = "POST / HTTP/1.1\r\nHost: h\r\n";
const std::string kChunkedPost = kPost + "Transfer-Encoding: chunked\r\n\r\n";

std::vector<AdversarialCase> adversarial_cases() {
    const ParserLimits small = small_limits();
    return {
        // Framing conflicts (request smuggling).
        {"content_length_and_chunked", kPost + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"chunked_and_content_length", kPost + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400},
        {"duplicate_content_length_equal", kPost + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400},
        {"duplicate_content_length_different", kPost + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400},
        {"content_length_list", kPost + "Content-Length: 3, 3\r\n\r\nabc", 400},
        {"content_length_not_a_number", kPost + "Content-Length: abc\r\n\r\n", 400},
        {"content_length_negative", kPost + "Content-Length: -1\r\n\r\n", 400},
        {"content_length_plus_sign", kPost + "Content-Length: +3\r\n\r\nabc", 400},
        {"content_length_hex", kPost + "Content-Length: 0x3\r\n\r\nabc", 400},
        {"content_length_overflow", kPost + "Content-Length: 99999999999999999999999\r\n\r\n", 400},
        {"http10_content_length_and_chunked",
         "POST / HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        {"transfer_encoding_gzip", kPost + "Transfer-Encoding: gzip\r\n\r\n", 501},
        {"transfer_encoding_chunked_not_last", kPost + "Transfer-Encoding: chunked, gzip\r\n\r\n", 501},
        {"transfer_encoding_gzip_then_chunked", kPost + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501},
        {"transfer_encoding_split_fields_gzip_last",
         kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        {"transfer_encoding_chunked_twice", kPost + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 501},
        {"transfer_encoding_chunked_in_two_fields",
         kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501},
        {"transfer_encoding_lookalike", kPost + "Transfer-Encoding: xchunked\r\n\r\n", 501},
        {"transfer_encoding_space_before_colon", kPost + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400},
        {"folding_after_empty_value", kPost + "X-Folded:\r\n\tvalue\r\nContent-Length: 0\r\n\r\n", 400},
        {"bare_lf_line_endings", "GET / HTTP/1.1\nHost: h\n\n", 400},
        {"obsolete_line_folding", kPost + "X-Folded: first\r\n second\r\nContent-Length: 0\r\n\r\n", 400},
        {"folded_transfer_encoding", kPost + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400},
        // Found by the integration table: llhttp accepts an empty field name.
        {"empty_header_name", kPost + ": value\r\nContent-Length: 0\r\n\r\n", 400},
        // Found by the fuzzer: the fold must win over the later 501 however the bytes are split.
        {"fold_inside_repeated_transfer_encoding",
         kPost + "Transfer-Encoding: chunked\r\n a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
        // Chunked body syntax.
        {"invalid_chunk_size", kChunkedPost + "zz\r\nhello\r\n0\r\n\r\n", 400, {}, true},
        {"chunk_size_overflow", kChunkedPost + "fffffffffffffffffffff\r\nx\r\n0\r\n\r\n", 400, {}, true},
        {"negative_chunk_size", kChunkedPost + "-1\r\nx\r\n0\r\n\r\n", 400, {}, true},
        {"chunk_data_longer_than_size", kChunkedPost + "3\r\nabcdef\r\n0\r\n\r\n", 400, {}, true},
        // Head syntax.
        {"space_in_header_name", "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400},
        {"nul_in_header_value", std::string("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n", 37), 400},
        {"bare_cr_in_header_value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400},
        {"whitespace_before_first_header", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400},
        {"space_in_target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"control_char_in_target", "GET /a\x01 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"garbage_version", "GET / HTTX/1.1\r\nHost: h\r\n\r\n", 400},
        {"unsupported_version", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505},
        {"unknown_method", "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n", 501},
        // Not a request line at all: 400, not "method not implemented".
        {"method_with_non_tchar", "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"tls_client_hello", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), 400},
        {"binary_garbage", std::string("\x00\xff\x13\x37 garbage\r\n\r\n", 15), 400},
        {"asterisk_form_with_get", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400},
        {"missing_host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400},
        {"duplicate_host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"data_after_connection_close",
         "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", 400, {}, true},
        // Tunnels.
        {"connect", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501},
        {"websocket_upgrade",
         "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", 501},
        {"h2c_upgrade", "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n",
         501},
        // Limits.
        {"request_line_too_long", "GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414, small},
        {"header_section_too_large", "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(200, 'v') + "\r\n\r\n",
         431, small},
        {"header_name_too_large", "GET / HTTP/1.1\r\nHost: h\r\nX-" + std::string(200, 'n') + ": v\r\n\r\n", 431,
         small},
        {"whitespace_padding_counts", "GET / HTTP/1.1\r\nHost: h\r\nX-Pad:" + std::string(300, ' ') + "v\r\n\r\n",
         431, small},
        {"too_many_headers", "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431, small},
        {"content_length_over_limit", kPost + "Content-Length: 17\r\n\r\n", 413, small},
        {"chunked_total_over_limit", kChunkedPost + "a\r\n0123456789\r\n7\r\n0123456\r\n0\r\n\r\n", 413, small,
         true},
        {"chunk_sizes_wrapping_the_total", kChunkedPost + "a\r\n0123456789\r\nfffffffffffffff8\r\nx", 413, small,
         true},
        {"single_chunk_over_limit", kChunkedPost + "ffff\r\nx", 413, small, true},
        {"too_many_trailers", kChunkedPost + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", 431, small, true},
        {"chunk_extensions_too_large", kChunkedPost + "1;" + std::string(20000, 'e') + "\r\nx\r\n0\r\n\r\n", 413,
         {}, true},
    };
}

class AdversarialRequest : public ::testing::TestWithParam<AdversarialCase> {};

void expect_rejected(const AdversarialCase& c, const Transcript& t, const std::string& how) {
    ASSERT_TRUE(t.error) << how << ": accepted\n" << dump(t);
    EXPECT_EQ(t.error->status, c.status) << how << ": " << t.error->reason;
    EXPECT_FALSE(t.error->reason.empty());
    if (!c.head_is_valid) {
        EXPECT_TRUE(t.messages.empty()) << how << ": a head was delivered before the error\n" << dump(t);
    }
    for (const auto& message : t.messages) {
        if (&message != &t.messages.front() || !c.head_is_valid) {
            ADD_FAILURE() << how << ": unexpected message\n" << dump(t);
        }
    }
}

TEST_P(AdversarialRequest, WholeInputIsRejectedWithStatus) {
    const AdversarialCase& c = GetParam();
    expect_rejected(c, parse_whole(c.raw, c.limits), "whole");
}

TEST_P(AdversarialRequest, EverySplitIsRejectedWithTheSameStatus) {
    const AdversarialCase& c = GetParam();
    for (std::size_t at = 0; at <= c.raw.size(); at += (c.raw.size() > 2000 ? 997 : 1)) {
        expect_rejected(c, parse_split(c.raw, at, c.limits), "split at " + std::to_string(at));
    }
}

TEST_P(AdversarialRequest, ByteByByteIsRejectedWithTheSameStatus) {
    const AdversarialCase& c = GetParam();
    expect_rejected(c, parse_bytewise(c.raw, c.limits), "byte by byte");
}

INSTANTIATE_TEST_SUITE_P(Requests, AdversarialRequest, ::testing::ValuesIn(adversarial_cases()),
                         [](const ::testing::TestParamInfo<AdversarialCase>& param_info) { return param_info.param.name; });

TEST(AdversarialTable, CoversAtLeastTwentyFiveCases) { EXPECT_GE(adversarial_cases().size(), 25U); }

}  // namespace
}  // namespace runtime::http
