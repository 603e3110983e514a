// FrameDecoder: any split of the byte stream yields the same frames; malformed headers fail.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/ipc/frame.hpp"

namespace runtime::ipc {
namespace {

struct DecodeOutcome {
    std::vector<Frame> frames;
    bool failed = false;
    std::string error;
};

// Takes every complete frame out of the decoder.
void drain(FrameDecoder& decoder, DecodeOutcome& outcome) {
    while (!outcome.failed) {
        auto next = decoder.next();
        if (!next) {
            outcome.failed = true;
            outcome.error = next.error().message;
            return;
        }
        if (!next.value()) return;
        outcome.frames.push_back(std::move(*next.value()));
    }
}

// Feeds the stream in the given pieces, draining after each one.
DecodeOutcome decode_pieces(const std::vector<std::string_view>& pieces) {
    FrameDecoder decoder;
    DecodeOutcome outcome;
    for (auto piece : pieces) {
        decoder.feed(piece);
        drain(decoder, outcome);
    }
    return outcome;
}

DecodeOutcome decode_whole(std::string_view stream) { return decode_pieces({stream}); }

std::vector<Frame> sample_frames() {
    return {
        Frame{FrameType::request_head, 0, "head-payload"},
        Frame{FrameType::request_body, 0, std::string("bin\0ary\xff", 8)},
        Frame{FrameType::request_end, 1, ""},
        Frame{FrameType::response_body, 0, std::string(300, 'x')},
        Frame{FrameType::shutdown, 0, ""},
    };
}

std::string encode_all(const std::vector<Frame>& frames) {
    std::string out;
    for (const auto& frame : frames) append_frame(out, frame.type, frame.payload, frame.flags);
    return out;
}

void expect_same_frames(const std::vector<Frame>& actual, const std::vector<Frame>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(actual[i].type, expected[i].type) << "frame " << i;
        EXPECT_EQ(actual[i].flags, expected[i].flags) << "frame " << i;
        EXPECT_EQ(actual[i].payload, expected[i].payload) << "frame " << i;
    }
}

std::string header(std::uint32_t length, std::uint8_t type, std::uint8_t flags, std::uint8_t reserved0,
                   std::uint8_t reserved1) {
    std::string out;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(flags));
    out.push_back(static_cast<char>(reserved0));
    out.push_back(static_cast<char>(reserved1));
    return out;
}

TEST(FrameEncoding, HeaderIsLittleEndianLengthTypeFlagsAndZeroReserved) {
    const std::string frame = encode_frame(FrameType::response_head, "abc", 7);
    EXPECT_EQ(frame, header(3, 12, 7, 0, 0) + "abc");
    EXPECT_EQ(frame.size(), frame_header_size + 3);
}

TEST(FrameDecoder, WholeStreamYieldsEveryFrameInOrder) {
    const auto expected = sample_frames();
    const auto outcome = decode_whole(encode_all(expected));
    ASSERT_FALSE(outcome.failed) << outcome.error;
    expect_same_frames(outcome.frames, expected);
}

TEST(FrameDecoder, EverySplitIntoTwoFeedsYieldsTheSameFrames) {
    const auto expected = sample_frames();
    const std::string stream = encode_all(expected);
    const std::string_view view = stream;
    for (std::size_t split = 0; split <= stream.size(); ++split) {
        const auto outcome = decode_pieces({view.substr(0, split), view.substr(split)});
        ASSERT_FALSE(outcome.failed) << "split at " << split << ": " << outcome.error;
        SCOPED_TRACE("split at " + std::to_string(split));
        expect_same_frames(outcome.frames, expected);
    }
}

TEST(FrameDecoder, ByteByByteYieldsTheSameFrames) {
    const auto expected = sample_frames();
    const std::string stream = encode_all(expected);
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < stream.size(); ++i) pieces.push_back(std::string_view(stream).substr(i, 1));
    const auto outcome = decode_pieces(pieces);
    ASSERT_FALSE(outcome.failed) << outcome.error;
    expect_same_frames(outcome.frames, expected);
}

TEST(FrameDecoder, IncompleteFrameWaitsAndKeepsItsBytes) {
    FrameDecoder decoder;
    const std::string frame = encode_frame(FrameType::boot_failed, "no kernel");
    decoder.feed(std::string_view(frame).substr(0, frame.size() - 1));
    auto next = decoder.next();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next.value().has_value());
    EXPECT_EQ(decoder.buffered(), frame.size() - 1);

    decoder.feed(std::string_view(frame).substr(frame.size() - 1));
    next = decoder.next();
    ASSERT_TRUE(next.ok());
    ASSERT_TRUE(next.value().has_value());
    EXPECT_EQ(next.value()->payload, "no kernel");
    EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(FrameDecoder, ManyLargeFramesSurviveBufferCompaction) {
    std::vector<Frame> expected;
    for (int i = 0; i < 12; ++i) {
        expected.push_back(Frame{FrameType::response_body, 0, std::string(body_chunk_size, static_cast<char>('a' + i))});
    }
    const std::string stream = encode_all(expected);
    // Uneven pieces so that a partial frame is buffered whenever the decoder compacts.
    std::vector<std::string_view> pieces;
    const std::string_view view = stream;
    for (std::size_t pos = 0; pos < view.size(); pos += 50'001) pieces.push_back(view.substr(pos, 50'001));
    const auto outcome = decode_pieces(pieces);
    ASSERT_FALSE(outcome.failed) << outcome.error;
    expect_same_frames(outcome.frames, expected);
}

TEST(FrameDecoder, PayloadAtTheLimitIsAccepted) {
    FrameDecoder decoder(16);
    decoder.feed(encode_frame(FrameType::request_body, std::string(16, 'z')));
    auto next = decoder.next();
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_TRUE(next.value().has_value());
    EXPECT_EQ(next.value()->payload.size(), 16u);
}

TEST(FrameDecoder, OversizedPayloadFailsFromTheHeaderAlone) {
    FrameDecoder decoder(16);
    decoder.feed(header(17, static_cast<std::uint8_t>(FrameType::request_body), 0, 0, 0));
    const auto next = decoder.next();
    ASSERT_FALSE(next.ok());
    EXPECT_NE(next.error().message.find("exceeds"), std::string::npos) << next.error().message;
}

TEST(FrameDecoder, DefaultLimitRejectsAPayloadJustOverSixteenMebibytes) {
    FrameDecoder decoder;
    decoder.feed(header(static_cast<std::uint32_t>(max_frame_payload + 1), 13, 0, 0, 0));
    EXPECT_FALSE(decoder.next().ok());
}

TEST(FrameDecoder, UnknownTypeFails) {
    for (std::uint8_t type : {0, 6, 9, 17, 19, 22, 255}) {
        FrameDecoder decoder;
        decoder.feed(header(0, type, 0, 0, 0));
        const auto next = decoder.next();
        ASSERT_FALSE(next.ok()) << "type " << int{type};
        EXPECT_NE(next.error().message.find("unknown type"), std::string::npos) << next.error().message;
    }
}

TEST(FrameDecoder, NonZeroReservedBytesFail) {
    for (auto [low, high] : {std::pair<std::uint8_t, std::uint8_t>{1, 0}, {0, 1}, {0x80, 0x80}}) {
        FrameDecoder decoder;
        decoder.feed(header(0, static_cast<std::uint8_t>(FrameType::shutdown), 0, low, high));
        const auto next = decoder.next();
        ASSERT_FALSE(next.ok()) << int{low} << "," << int{high};
        EXPECT_NE(next.error().message.find("reserved"), std::string::npos) << next.error().message;
    }
}

TEST(FrameDecoder, MalformedFrameAfterAGoodOneFailsOnlyWhenReached) {
    FrameDecoder decoder;
    decoder.feed(encode_frame(FrameType::worker_ready, "ok") + header(0, 99, 0, 0, 0));
    auto first = decoder.next();
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first.value().has_value());
    EXPECT_EQ(first.value()->type, FrameType::worker_ready);
    EXPECT_FALSE(decoder.next().ok());
}

TEST(FrameType, EveryKnownTypeHasAName) {
    int known = 0;
    for (int type = 0; type < 256; ++type) {
        if (!is_known_frame_type(static_cast<std::uint8_t>(type))) continue;
        ++known;
        EXPECT_NE(to_string(static_cast<FrameType>(type)), "unknown") << type;
    }
    EXPECT_EQ(known, 14);
}

}  // namespace
}  // namespace runtime::ipc
