#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/fastcgi/params.hpp"

namespace runtime::fastcgi {
namespace {

TEST(Params, EncodesShortAndLongLengths) {
    EXPECT_EQ(encode_params({{"A", "bc"}}), std::string("\x01\x02" "Abc", 5));
    const std::string value(128, 'v');
    EXPECT_EQ(encode_params({{"N", value}}), std::string("\x01\x80\x00\x00\x80" "N", 6) + value);
    const std::string name(300, 'n');
    EXPECT_EQ(encode_params({{name, ""}}), std::string("\x80\x00\x01\x2c\x00", 5) + name);
}

TEST(Params, RoundTripsNamesAndValuesOfEverySize) {
    Params params;
    for (std::size_t size : {0u, 1u, 126u, 127u, 128u, 129u, 255u, 256u, 70'000u}) {
        params.emplace_back(std::string(size, 'n'), std::string(size, 'v'));
        params.emplace_back("binary", std::string("\0\r\n\xff", 4));
    }
    auto decoded = decode_params(encode_params(params));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, params);
}

TEST(Params, KeepsDuplicatesInWireOrder) {
    const Params params{{"A", "1"}, {"B", "2"}, {"A", "3"}};
    EXPECT_EQ(*decode_params(encode_params(params)), params);
}

TEST(ParamsDecoder, DecodesTheSameForEverySplit) {
    const Params params{{"SHORT", "v"}, {std::string(130, 'N'), std::string(1000, 'V')}, {"", ""}, {"Z", ""}};
    const std::string encoded = encode_params(params);
    for (std::size_t first = 0; first <= encoded.size(); ++first) {
        for (std::size_t second = first; second <= encoded.size(); second += 97) {
            ParamsDecoder decoder;
            ASSERT_FALSE(decoder.feed(std::string_view(encoded).substr(0, first)));
            ASSERT_FALSE(decoder.feed(std::string_view(encoded).substr(first, second - first)));
            ASSERT_FALSE(decoder.feed(std::string_view(encoded).substr(second)));
            auto decoded = decoder.finish();
            ASSERT_TRUE(decoded.ok()) << "cuts " << first << "," << second;
            ASSERT_EQ(*decoded, params) << "cuts " << first << "," << second;
        }
    }
    ParamsDecoder byte_by_byte;
    for (char c : encoded) ASSERT_FALSE(byte_by_byte.feed(std::string_view(&c, 1)));
    EXPECT_EQ(*byte_by_byte.finish(), params);
}

TEST(ParamsDecoder, FailsWhenTheStreamEndsInsideAPair) {
    const std::string encoded = encode_params({{"NAME", std::string(200, 'v')}});
    for (std::size_t cut = 1; cut < encoded.size(); ++cut) {
        auto decoded = decode_params(std::string_view(encoded).substr(0, cut));
        ASSERT_FALSE(decoded.ok()) << "cut at " << cut;
        EXPECT_EQ(decoded.error().message, "FastCGI params end inside a name-value pair");
    }
    EXPECT_TRUE(decode_params("").ok());
}

TEST(ParamsDecoder, IsReusableAfterFinish) {
    ParamsDecoder decoder;
    ASSERT_FALSE(decoder.feed(encode_params({{"A", "1"}})));
    EXPECT_EQ(*decoder.finish(), (Params{{"A", "1"}}));
    ASSERT_FALSE(decoder.feed(encode_params({{"B", "2"}})));
    EXPECT_EQ(*decoder.finish(), (Params{{"B", "2"}}));
}

TEST(ParamsLimits, RejectMoreBytesThanAllowed) {
    const std::string encoded = encode_params({{"A", std::string(100, 'x')}});  // 103 bytes
    EXPECT_TRUE(decode_params(encoded, {.max_bytes = 103, .max_pairs = 10}).ok());
    auto decoded = decode_params(encoded, {.max_bytes = 102, .max_pairs = 10});
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().message, "FastCGI params exceed 102 bytes");
}

TEST(ParamsLimits, RejectADeclaredLengthBeyondTheLimitBeforeItsBytesArrive) {
    ParamsDecoder decoder({.max_bytes = 1024, .max_pairs = 10});
    // Name length 1, value length 0x7fffffff: only the 6 length bytes are sent.
    auto error = decoder.feed(std::string("\x01\xff\xff\xff\xff", 5));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "FastCGI params exceed 1024 bytes");
    EXPECT_TRUE(decoder.feed("more").has_value()) << "the decoder stays failed";
    EXPECT_FALSE(decoder.finish().ok());
}

TEST(ParamsLimits, RejectMorePairsThanAllowed) {
    const Params three{{"A", "1"}, {"B", "2"}, {"C", "3"}};
    EXPECT_TRUE(decode_params(encode_params(three), {.max_bytes = 1024, .max_pairs = 3}).ok());
    auto decoded = decode_params(encode_params(three), {.max_bytes = 1024, .max_pairs = 2});
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error().message, "FastCGI params exceed 2 pairs");
}

TEST(ParamsLimits, CountBytesAcrossFeeds) {
    ParamsDecoder decoder({.max_bytes = 10, .max_pairs = 10});
    ASSERT_FALSE(decoder.feed(encode_params({{"A", "12345"}})));  // 8 bytes
    auto error = decoder.feed(encode_params({{"B", ""}}));         // 3 more
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message, "FastCGI params exceed 10 bytes");
}

}  // namespace
}  // namespace runtime::fastcgi
