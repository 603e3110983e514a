#include <gtest/gtest.h>

#include "runtime/fastcgi/encoder.hpp"
#include "runtime/fastcgi/record.hpp"
#include "runtime/fastcgi/record_reader.hpp"

namespace runtime::fastcgi {
namespace {

TEST(RecordHeader, EncodesTheSpecLayout) {
    const auto bytes = encode_header({kVersion1, RecordType::stdout_stream, 0x1234, 0xabcd, 3});
    EXPECT_EQ(std::string(bytes.data(), bytes.size()), std::string("\x01\x06\x12\x34\xab\xcd\x03\x00", 8));
}

TEST(RecordHeader, DecodesWhatItEncodes) {
    for (auto type : {RecordType::begin_request, RecordType::params, RecordType::get_values_result, RecordType{200}}) {
        const RecordHeader header{kVersion1, type, 0xfffe, 0xffff, 0xff};
        const auto bytes = encode_header(header);
        EXPECT_EQ(decode_header({bytes.data(), bytes.size()}), header);
    }
}

TEST(RecordHeader, DecodesVersionAndIgnoresReservedByte) {
    const auto header = decode_header(std::string("\x07\x05\x00\x02\x00\x10\x00\x99", 8));
    EXPECT_EQ(header.version, 7);
    EXPECT_EQ(header.type, RecordType::stdin_stream);
    EXPECT_EQ(header.request_id, 2);
    EXPECT_EQ(header.content_length, 16);
}

TEST(RecordHeader, PaddingAlignsToEightBytes) {
    EXPECT_EQ(padding_for(0), 0);
    EXPECT_EQ(padding_for(1), 7);
    EXPECT_EQ(padding_for(8), 0);
    EXPECT_EQ(padding_for(13), 3);
    EXPECT_EQ(padding_for(kMaxContentLength), 1);
    EXPECT_EQ(padding_for(kMaxAlignedContentLength), 0);
}

TEST(RecordType, HasReadableNames) {
    EXPECT_EQ(record_type_name(RecordType::stdin_stream), "STDIN");
    EXPECT_EQ(record_type_name(RecordType::get_values_result), "GET_VALUES_RESULT");
    EXPECT_EQ(record_type_name(RecordType{42}), "type 42");
}

TEST(RecordReader, HandsOutContentWithoutPaddingInArrivalPieces) {
    std::string bytes;
    append_record(bytes, RecordType::stdin_stream, 1, "hello");  // 3 bytes padding
    append_record(bytes, RecordType::stdin_stream, 1, "");

    RecordReader reader;
    std::string_view first = std::string_view(bytes).substr(0, 11);  // header + "hel"
    std::string_view rest = std::string_view(bytes).substr(11);

    auto piece = reader.next(first);
    ASSERT_TRUE(piece && std::holds_alternative<RecordReader::HeaderRead>(*piece));
    EXPECT_EQ(std::get<RecordReader::HeaderRead>(*piece).header.content_length, 5);
    piece = reader.next(first);
    ASSERT_TRUE(piece && std::holds_alternative<RecordReader::ContentRead>(*piece));
    EXPECT_EQ(std::get<RecordReader::ContentRead>(*piece).bytes, "hel");
    EXPECT_FALSE(reader.next(first));
    EXPECT_FALSE(reader.at_record_boundary());

    piece = reader.next(rest);
    EXPECT_EQ(std::get<RecordReader::ContentRead>(*piece).bytes, "lo");
    piece = reader.next(rest);
    EXPECT_TRUE(std::holds_alternative<RecordReader::RecordEnd>(*piece));
    EXPECT_TRUE(reader.at_record_boundary());
    piece = reader.next(rest);
    EXPECT_EQ(std::get<RecordReader::HeaderRead>(*piece).header.content_length, 0);
    piece = reader.next(rest);
    EXPECT_TRUE(std::holds_alternative<RecordReader::RecordEnd>(*piece));
    EXPECT_FALSE(reader.next(rest));
    EXPECT_TRUE(rest.empty());
}

TEST(DecodeRecords, SplitsACompleteStream) {
    std::string bytes = encode_begin_request(1);
    append_stdout(bytes, 1, "out");
    auto records = decode_records(bytes);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].header.type, RecordType::begin_request);
    EXPECT_EQ((*records)[1].header.type, RecordType::stdout_stream);
    EXPECT_EQ((*records)[1].content, "out");
    EXPECT_EQ((*records)[1].header.padding_length, 5);
}

TEST(DecodeRecords, FailsOnTruncationAndBadVersion) {
    std::string bytes;
    append_stdout(bytes, 1, "out");
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
        auto records = decode_records(std::string_view(bytes).substr(0, cut));
        ASSERT_FALSE(records.ok()) << "cut at " << cut;
        EXPECT_EQ(records.error().message, "FastCGI stream ends inside a record");
    }
    bytes[0] = 2;
    EXPECT_EQ(decode_records(bytes).error().message, "unsupported FastCGI version 2");
}

}  // namespace
}  // namespace runtime::fastcgi
