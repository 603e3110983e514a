#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/fastcgi/decoder.hpp"
#include "runtime/fastcgi/encoder.hpp"
#include "runtime/fastcgi/record_reader.hpp"

namespace runtime::fastcgi {
namespace {

std::vector<Record> records_of(std::string_view bytes) {
    auto records = decode_records(bytes);
    EXPECT_TRUE(records.ok()) << records.error().message;
    return records.ok() ? *records : std::vector<Record>{};
}

TEST(Encoder, SplitsStdoutIntoAlignedRecords) {
    std::string data(200'003, 'd');
    for (std::size_t i = 0; i < data.size(); i += 11) data[i] = static_cast<char>(i);
    std::string bytes;
    append_stdout(bytes, 7, data);

    std::string joined;
    std::size_t offset = 0;
    for (const auto& record : records_of(bytes)) {
        EXPECT_EQ(record.header.type, RecordType::stdout_stream);
        EXPECT_EQ(record.header.request_id, 7);
        EXPECT_GT(record.header.content_length, 0) << "an empty record would end the stream";
        EXPECT_LE(record.header.content_length, kMaxContentLength);
        EXPECT_EQ((record.header.content_length + record.header.padding_length) % 8, 0u);
        joined += record.content;
        offset += kHeaderSize + record.header.content_length + record.header.padding_length;
    }
    EXPECT_EQ(offset, bytes.size());
    EXPECT_EQ(joined, data);
    EXPECT_EQ(records_of(bytes).size(), 4u);  // 3 x 65528 + 3419
}

TEST(Encoder, WritesNothingForEmptyStreamData) {
    std::string bytes;
    append_stderr(bytes, 1, "");
    EXPECT_TRUE(bytes.empty());
}

TEST(Encoder, PadsWithZeros) {
    std::string bytes;
    append_stderr(bytes, 1, "warn");
    EXPECT_EQ(bytes, std::string("\x01\x07\x00\x01\x00\x04\x04\x00" "warn\0\0\0\0", 16));
}

TEST(Encoder, EndsAStreamWithAnEmptyRecord) {
    std::string bytes;
    append_end_of_stream(bytes, RecordType::stdout_stream, 0x0102);
    EXPECT_EQ(bytes, std::string("\x01\x06\x01\x02\x00\x00\x00\x00", 8));
}

TEST(Encoder, EncodesEndRequest) {
    EXPECT_EQ(encode_end_request(1, 0x01020304, ProtocolStatus::unknown_role),
              std::string("\x01\x03\x00\x01\x00\x08\x00\x00" "\x01\x02\x03\x04\x03\x00\x00\x00", 16));
    std::string appended = "x";
    append_end_request(appended, 1, 0);
    EXPECT_EQ(appended, "x" + encode_end_request(1, 0, ProtocolStatus::request_complete));
}

TEST(Encoder, EncodesUnknownType) {
    EXPECT_EQ(encode_unknown_type(RecordType{42}),
              std::string("\x01\x0b\x00\x00\x00\x08\x00\x00" "\x2a\x00\x00\x00\x00\x00\x00\x00", 16));
}

TEST(Encoder, EncodesBeginRequest) {
    EXPECT_EQ(encode_begin_request(1, Role::responder, true),
              std::string("\x01\x01\x00\x01\x00\x08\x00\x00" "\x00\x01\x01\x00\x00\x00\x00\x00", 16));
    EXPECT_EQ(encode_begin_request(0x0203, Role::filter, false),
              std::string("\x01\x01\x02\x03\x00\x08\x00\x00" "\x00\x03\x00\x00\x00\x00\x00\x00", 16));
}

TEST(Encoder, RefusesOversizedRecords) {
    std::string bytes;
    EXPECT_THROW(append_record(bytes, RecordType::stdout_stream, 1, std::string(kMaxContentLength + 1, 'x')),
                 std::length_error);
    EXPECT_NO_THROW(append_record(bytes, RecordType::stdout_stream, 1, std::string(kMaxContentLength, 'x')));
}

TEST(Encoder, AnswersKnownGetValuesOnly) {
    const auto bytes = encode_get_values_result({"FCGI_MPXS_CONNS", "UNKNOWN_NAME", "FCGI_MAX_CONNS", "FCGI_MAX_REQS",
                                                 "FCGI_MAX_CONNS"},
                                                {.max_conns = 64, .max_reqs = 128, .mpxs_conns = false});
    const auto records = records_of(bytes);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].header.type, RecordType::get_values_result);
    EXPECT_EQ(records[0].header.request_id, kNullRequestId);
    EXPECT_EQ(*decode_params(records[0].content),
              (Params{{"FCGI_MPXS_CONNS", "0"}, {"FCGI_MAX_CONNS", "64"}, {"FCGI_MAX_REQS", "128"}}));
}

TEST(EncoderRoundTrip, GetValuesQueryAndAnswer) {
    ConnectionDecoder decoder;
    const auto events = decoder.feed(encode_get_values({"FCGI_MAX_REQS", "FCGI_MPXS_CONNS"}));
    ASSERT_EQ(events.size(), 1u);
    const auto& query = std::get<GetValues>(events[0]);
    const auto answer = records_of(encode_get_values_result(query.names, {.max_conns = 1, .max_reqs = 1, .mpxs_conns = true}));
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(*decode_params(answer[0].content), (Params{{"FCGI_MAX_REQS", "1"}, {"FCGI_MPXS_CONNS", "1"}}));
}

TEST(EncoderRoundTrip, AResponseDecodesToWhatWasWritten) {
    const std::string head = "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n";
    const std::string body(70'000, 'b');
    std::string bytes;
    append_stdout(bytes, 1, head);
    append_stderr(bytes, 1, "PHP Notice: something");
    append_stdout(bytes, 1, body);
    append_end_of_stream(bytes, RecordType::stdout_stream, 1);
    append_end_request(bytes, 1, 0);

    std::string out;
    std::string err;
    const auto records = records_of(bytes);
    ASSERT_FALSE(records.empty());
    for (std::size_t i = 0; i + 2 < records.size(); ++i) {
        (records[i].header.type == RecordType::stdout_stream ? out : err) += records[i].content;
    }
    EXPECT_EQ(out, head + body);
    EXPECT_EQ(err, "PHP Notice: something");
    EXPECT_EQ(records[records.size() - 2].header.content_length, 0);
    EXPECT_EQ(records.back().header.type, RecordType::end_request);
    EXPECT_EQ(records.back().content, std::string(8, '\0'));
}

TEST(EncoderRoundTrip, ARequestDecodesToWhatWasWritten) {
    const Params params{{"REQUEST_METHOD", "PUT"}, {"HTTP_COOKIE", std::string(100'000, 'c')}};
    const std::string body(80'000, 'x');
    std::string bytes = encode_begin_request(9, Role::responder, false);
    append_params_stream(bytes, 9, params);
    append_stream(bytes, RecordType::stdin_stream, 9, body);
    append_end_of_stream(bytes, RecordType::stdin_stream, 9);

    ConnectionDecoder decoder;
    std::string received;
    const auto events = decoder.feed(bytes);
    for (const auto& event : events) {
        if (const auto* data = std::get_if<StdinData>(&event)) received.append(data->data);
    }
    ASSERT_GE(events.size(), 4u);
    const auto& begin = std::get<BeginRequest>(events[0]);
    EXPECT_EQ(begin.id, 9);
    EXPECT_FALSE(begin.keep_conn);
    EXPECT_EQ(std::get<ParamsComplete>(events[1]).params, params);
    EXPECT_EQ(received, body);
    EXPECT_EQ(std::get<StdinEnd>(events.back()).id, 9);
}

}  // namespace
}  // namespace runtime::fastcgi
