// ConnectionDecoder: every conversation is fed whole, split at every byte and byte by byte.
#include <gtest/gtest.h>

#include "decoder_support.hpp"
#include "runtime/fastcgi/decoder.hpp"
#include "runtime/fastcgi/encoder.hpp"

namespace runtime::fastcgi {
namespace {

using testing::expect_events_for_every_split;
using testing::FinishRequest;
using testing::hex;
using testing::request_bytes;
using testing::shown;

const Params kGetParams{{"SCRIPT_FILENAME", "/srv/app/public/index.php"},
                        {"REQUEST_METHOD", "GET"},
                        {"QUERY_STRING", ""},
                        {"HTTP_HOST", "example.test"}};
const std::string kGetParamsLine =
    "params 1 SCRIPT_FILENAME=/srv/app/public/index.php REQUEST_METHOD=GET QUERY_STRING= HTTP_HOST=example.test";

std::string record(RecordType type, std::uint16_t id, std::string_view content) {
    std::string out;
    append_record(out, type, id, content);
    return out;
}

// A record with chosen (not aligned) padding filled with garbage, as a peer may send it.
std::string padded_record(RecordType type, std::uint16_t id, std::string_view content, std::uint8_t padding) {
    const auto header = encode_header({kVersion1, type, id, static_cast<std::uint16_t>(content.size()), padding});
    return std::string(header.data(), header.size()) + std::string(content) + std::string(padding, '\xee');
}

TEST(ConnectionDecoder, DecodesAGetRequest) {
    expect_events_for_every_split(request_bytes(1, kGetParams, ""),
                                  {"begin 1 role=1 keep", kGetParamsLine, "stdin-end 1"});
}

TEST(ConnectionDecoder, DecodesHandWrittenSpecBytes) {
    // BEGIN_REQUEST id 1 RESPONDER without KEEP_CONN, PARAMS "A"="bc" padded to 8, empty
    // PARAMS, STDIN "xy" with padding 6, empty STDIN.
    const std::string bytes(
        "\x01\x01\x00\x01\x00\x08\x00\x00"
        "\x00\x01\x00\x00\x00\x00\x00\x00"
        "\x01\x04\x00\x01\x00\x05\x03\x00"
        "\x01\x02" "Abc" "\x00\x00\x00"
        "\x01\x04\x00\x01\x00\x00\x00\x00"
        "\x01\x05\x00\x01\x00\x02\x06\x00"
        "xy\x00\x00\x00\x00\x00\x00"
        "\x01\x05\x00\x01\x00\x00\x00\x00",
        64);
    expect_events_for_every_split(bytes, {"begin 1 role=1 close", "params 1 A=bc", "stdin 1 xy", "stdin-end 1"});
}

TEST(ConnectionDecoder, PassesTheBodyThroughAcrossRecords) {
    std::string body(150'000, 'b');
    for (std::size_t i = 0; i < body.size(); i += 7) body[i] = static_cast<char>('a' + i % 26);
    const std::string bytes = request_bytes(3, {{"REQUEST_METHOD", "POST"}}, body);

    ConnectionDecoder decoder;
    std::string received;
    for (const auto& event : decoder.feed(bytes)) {
        if (const auto* data = std::get_if<StdinData>(&event)) received.append(data->data);
    }
    EXPECT_EQ(received, body);
    expect_events_for_every_split(bytes, {"begin 3 role=1 keep", "params 3 REQUEST_METHOD=POST",
                                          "stdin 3 " + shown(body), "stdin-end 3"});
}

TEST(ConnectionDecoder, SkipsAnyPadding) {
    std::string bytes = padded_record(RecordType::begin_request, 2, std::string("\x00\x01\x01\0\0\0\0\0", 8), 255);
    bytes += padded_record(RecordType::params, 2, encode_params({{"K", "V"}}), 1);
    bytes += padded_record(RecordType::params, 2, "", 3);
    bytes += padded_record(RecordType::stdin_stream, 2, "body", 0);
    bytes += padded_record(RecordType::stdin_stream, 2, "", 200);
    expect_events_for_every_split(bytes, {"begin 2 role=1 keep", "params 2 K=V", "stdin 2 body", "stdin-end 2"});
}

TEST(ConnectionDecoder, DecodesLargeParamsWithAPairSplitAcrossRecords) {
    const std::string cookie(100 * 1024, 'c');
    const Params params{{"REQUEST_METHOD", "GET"}, {"HTTP_COOKIE", cookie}, {"REQUEST_URI", "/after"}};
    const std::string bytes = request_bytes(1, params, "");

    ConnectionDecoder decoder;
    const auto events = decoder.feed(bytes);
    ASSERT_EQ(events.size(), 3u);
    ASSERT_TRUE(std::holds_alternative<ParamsComplete>(events[1]));
    EXPECT_EQ(std::get<ParamsComplete>(events[1]).params, params);

    expect_events_for_every_split(
        bytes, {"begin 1 role=1 keep", "params 1 REQUEST_METHOD=GET HTTP_COOKIE=" + shown(cookie) + " REQUEST_URI=/after",
                "stdin-end 1"});
}

TEST(ConnectionDecoder, DecodesParamsCutIntoTinyRecords) {
    // Three-byte PARAMS records: lengths (also 4-byte ones), names and values all straddle records.
    const Params params{{"SHORT", "v"}, {std::string(200, 'N'), std::string(300, 'v')}, {"", ""}, {"LAST", "x"}};
    const std::string encoded = encode_params(params);
    std::string bytes = encode_begin_request(1);
    for (std::size_t i = 0; i < encoded.size(); i += 3) bytes += record(RecordType::params, 1, encoded.substr(i, 3));
    append_end_of_stream(bytes, RecordType::params, 1);
    append_end_of_stream(bytes, RecordType::stdin_stream, 1);

    ConnectionDecoder decoder;
    const auto events = decoder.feed(bytes);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(std::get<ParamsComplete>(events[1]).params, params);
    expect_events_for_every_split(bytes, testing::describe(events));
}

TEST(ConnectionDecoder, ReportsGetValuesQueries) {
    expect_events_for_every_split(encode_get_values({"FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS"}),
                                  {"get-values FCGI_MAX_CONNS FCGI_MAX_REQS FCGI_MPXS_CONNS"});
}

TEST(ConnectionDecoder, ReportsAbortAndIgnoresTheAbortedRequestsInput) {
    std::string bytes = encode_begin_request(1);
    append_params_stream(bytes, 1, {{"A", "1"}});
    append_stream(bytes, RecordType::stdin_stream, 1, "part");
    bytes += encode_abort_request(1);
    append_stream(bytes, RecordType::stdin_stream, 1, "ignored");
    bytes += encode_abort_request(1);  // a repeated abort is not reported twice
    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "params 1 A=1", "stdin 1 part", "abort 1"});
}

TEST(ConnectionDecoder, IdIsReusableOnceTheApplicationFinishedIt) {
    std::string aborted = encode_begin_request(1);
    append_params_stream(aborted, 1, {{"A", "1"}});
    aborted += encode_abort_request(1);
    expect_events_for_every_split(
        {aborted, FinishRequest{1}, request_bytes(1, {{"B", "2"}}, "next")},
        {"begin 1 role=1 keep", "params 1 A=1", "abort 1", "begin 1 role=1 keep", "params 1 B=2", "stdin 1 next",
         "stdin-end 1"});
}

TEST(ConnectionDecoder, DecodesKeepAliveRequestsOneAfterAnother) {
    expect_events_for_every_split(
        {request_bytes(1, {{"N", "1"}}, "one"), FinishRequest{1}, request_bytes(1, {{"N", "2"}}, "two", false)},
        {"begin 1 role=1 keep", "params 1 N=1", "stdin 1 one", "stdin-end 1", "begin 1 role=1 close", "params 1 N=2",
         "stdin 1 two", "stdin-end 1"});
}

TEST(ConnectionDecoder, IgnoresAbortForAnInactiveRequest) {
    expect_events_for_every_split(encode_abort_request(9) + request_bytes(1, {}, ""),
                                  {"begin 1 role=1 keep", "params 1", "stdin-end 1"});
}

TEST(ConnectionDecoder, IgnoresStreamRecordsOfInactiveRequests) {
    // php-fpm's habit: an empty STDIN left over from a previous request on the connection.
    std::string bytes;
    append_end_of_stream(bytes, RecordType::stdin_stream, 1);
    append_stream(bytes, RecordType::stdin_stream, 7, "stray");
    append_params_stream(bytes, 7, {{"X", "y"}});
    bytes += request_bytes(1, {{"A", "b"}}, "");
    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "params 1 A=b", "stdin-end 1"});
}

TEST(ConnectionDecoder, AnswersUnknownRecordTypesAndCarriesOn) {
    const auto unknown = static_cast<RecordType>(42);
    std::string bytes = record(unknown, 0, "whatever content");
    bytes += record(static_cast<RecordType>(0), 1, "");
    bytes += request_bytes(1, {}, "");
    expect_events_for_every_split(bytes, {"unknown-type 42 reply=" + hex(encode_unknown_type(unknown)),
                                          "unknown-type 0 reply=" + hex(encode_unknown_type(RecordType{0})),
                                          "begin 1 role=1 keep", "params 1", "stdin-end 1"});
}

TEST(ConnectionDecoder, RejectsRolesOtherThanResponder) {
    std::string bytes = encode_begin_request(1, Role::authorizer, false);
    append_params_stream(bytes, 1, {{"A", "b"}});  // the web server may still send them: ignored
    append_end_of_stream(bytes, RecordType::stdin_stream, 1);
    bytes += encode_begin_request(2, Role{77}, true);
    bytes += request_bytes(3, {}, "");
    expect_events_for_every_split(
        bytes, {"rejected 1 status=3 close reply=" + hex(encode_end_request(1, 0, ProtocolStatus::unknown_role)),
                "rejected 2 status=3 keep reply=" + hex(encode_end_request(2, 0, ProtocolStatus::unknown_role)),
                "begin 3 role=1 keep", "params 3", "stdin-end 3"});
}

TEST(ConnectionDecoder, RefusesASecondRequestWhenNotMultiplexing) {
    std::string bytes = encode_begin_request(1);
    bytes += encode_begin_request(2);
    append_params_stream(bytes, 1, {});
    expect_events_for_every_split(
        bytes, {"begin 1 role=1 keep",
                "rejected 2 status=1 keep reply=" + hex(encode_end_request(2, 0, ProtocolStatus::cant_mpx_conn)),
                "params 1"});
}

TEST(ConnectionDecoder, KeepsMultiplexedRequestsApart) {
    DecoderLimits limits;
    limits.max_concurrent_requests = 2;
    std::string bytes = encode_begin_request(1);
    bytes += encode_begin_request(2);
    bytes += encode_begin_request(3);  // over the limit
    const std::string first = encode_params({{"ID", "one"}, {"LONG", std::string(100, 'l')}});
    const std::string second = encode_params({{"ID", "two"}});
    bytes += record(RecordType::params, 1, first.substr(0, 5));
    bytes += record(RecordType::params, 2, second);
    bytes += record(RecordType::params, 1, first.substr(5));
    append_end_of_stream(bytes, RecordType::params, 2);
    append_end_of_stream(bytes, RecordType::params, 1);
    append_stream(bytes, RecordType::stdin_stream, 2, "body-2a");
    append_stream(bytes, RecordType::stdin_stream, 1, "body-1");
    append_stream(bytes, RecordType::stdin_stream, 2, "body-2b");
    append_end_of_stream(bytes, RecordType::stdin_stream, 2);
    bytes += encode_abort_request(1);
    expect_events_for_every_split(
        {bytes, FinishRequest{2}, encode_begin_request(4)},
        {"begin 1 role=1 keep", "begin 2 role=1 keep",
         "rejected 3 status=2 keep reply=" + hex(encode_end_request(3, 0, ProtocolStatus::overloaded)),
         "params 2 ID=two", "params 1 ID=one LONG=" + shown(std::string(100, 'l')),
         "stdin 2 body-2a", "stdin 1 body-1", "stdin 2 body-2b", "stdin-end 2", "abort 1", "begin 4 role=1 keep"},
        limits);
}

TEST(ConnectionDecoder, FailsOnAnUnsupportedVersion) {
    std::string bytes = encode_begin_request(1);
    bytes[0] = 2;
    bytes += request_bytes(2, {}, "");  // nothing is reported after the error
    expect_events_for_every_split(bytes, {"error unsupported FastCGI version 2"});

    ConnectionDecoder decoder;
    (void)decoder.feed(bytes);
    EXPECT_TRUE(decoder.failed());
    EXPECT_TRUE(decoder.feed(request_bytes(3, {}, "")).empty());
}

TEST(ConnectionDecoder, FailsOnVersionZeroMidStream) {
    std::string bytes = request_bytes(1, {}, "");
    std::string bad = encode_abort_request(1);
    bad[0] = 0;
    expect_events_for_every_split({bytes, FinishRequest{1}, bad},
                                  {"begin 1 role=1 keep", "params 1", "stdin-end 1", "error unsupported FastCGI version 0"});
}

struct ViolationCase {
    const char* name;
    std::string bytes;
    std::string error;
};

void PrintTo(const ViolationCase& violation, std::ostream* os) { *os << violation.name; }

class ProtocolViolation : public ::testing::TestWithParam<ViolationCase> {};

TEST_P(ProtocolViolation, IsReportedOnce) {
    const auto& violation = GetParam();
    auto expected = testing::decode_with_cuts({violation.bytes}, {});
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(expected.back(), "error " + violation.error);
    expect_events_for_every_split(violation.bytes + request_bytes(5, {}, "ignored"), expected);
}

std::string begun(std::uint16_t id, const Params& params, bool params_done) {
    std::string out = encode_begin_request(id);
    append_stream(out, RecordType::params, id, encode_params(params));
    if (params_done) append_end_of_stream(out, RecordType::params, id);
    return out;
}

std::string with(std::string bytes, const std::string& more) { return bytes + more; }

INSTANTIATE_TEST_SUITE_P(
    ConnectionDecoder, ProtocolViolation,
    ::testing::Values(
        ViolationCase{"ShortBeginRequest", record(RecordType::begin_request, 1, std::string("\x00\x01\x01\x00", 4)),
                      "BEGIN_REQUEST body of 4 bytes instead of 8"},
        ViolationCase{"BeginRequestForIdZero", encode_begin_request(0), "BEGIN_REQUEST for request id 0"},
        ViolationCase{"BeginRequestForActiveId", with(begun(1, {}, false), encode_begin_request(1)),
                      "BEGIN_REQUEST for active request id 1"},
        ViolationCase{"StdinBeforeParamsEnd", with(begun(1, {{"A", "b"}}, false), record(RecordType::stdin_stream, 1, "x")),
                      "STDIN before the end of the params for request id 1"},
        ViolationCase{"ParamsAfterParamsEnd", with(begun(1, {}, true), record(RecordType::params, 1, "")),
                      "PARAMS after the end of the params for request id 1"},
        ViolationCase{"StdinAfterBodyEnd",
                      with(begun(1, {}, true), record(RecordType::stdin_stream, 1, "") +
                                                   record(RecordType::stdin_stream, 1, "late")),
                      "STDIN after the end of the body for request id 1"},
        ViolationCase{"DataRecord", with(begun(1, {}, true), record(RecordType::data, 1, "filter data")),
                      "DATA record for a RESPONDER request for request id 1"},
        ViolationCase{"StdoutFromTheWebServer", record(RecordType::stdout_stream, 1, "x"),
                      "unexpected STDOUT record from the web server"},
        ViolationCase{"EndRequestFromTheWebServer", encode_end_request(1, 0), "unexpected END_REQUEST record from the web server"},
        ViolationCase{"GetValuesWithRequestId", record(RecordType::get_values, 4, ""),
                      "GET_VALUES for request id 4 instead of 0"},
        ViolationCase{"MalformedGetValues", record(RecordType::get_values, 0, std::string("\x05\x00" "AB", 4)),
                      "malformed GET_VALUES: FastCGI params end inside a name-value pair"},
        ViolationCase{"ParamsEndInsideAPair",
                      with(begun(1, {}, false), record(RecordType::params, 1, std::string("\x04\x82\x00\x00", 4)) +
                                                    record(RecordType::params, 1, "")),
                      "FastCGI params end inside a name-value pair"}),
    [](const ::testing::TestParamInfo<ViolationCase>& test) { return std::string(test.param.name); });

TEST(ConnectionDecoder, KnowsWhenItIsBetweenRecords) {
    ConnectionDecoder decoder;
    EXPECT_TRUE(decoder.at_record_boundary());
    const std::string bytes = encode_begin_request(1);
    (void)decoder.feed(std::string_view(bytes).substr(0, 3));
    EXPECT_FALSE(decoder.at_record_boundary());
    (void)decoder.feed(std::string_view(bytes).substr(3));
    EXPECT_TRUE(decoder.at_record_boundary());
    EXPECT_TRUE(decoder.is_active(1));
    EXPECT_EQ(decoder.active_requests(), 1u);
    decoder.request_finished(1);
    EXPECT_FALSE(decoder.is_active(1));
}

}  // namespace
}  // namespace runtime::fastcgi
