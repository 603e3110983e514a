// MIME types by extension and the choice of a precompressed sibling.
#include <gtest/gtest.h>

#include "runtime/http/static_encoding.hpp"
#include "runtime/http/static_mime.hpp"

namespace runtime::http {
namespace {

TEST(MimeType, KnownUnknownAndCaseInsensitive) {
    EXPECT_EQ(mime_type_for("css/app.css"), "text/css; charset=utf-8");
    EXPECT_EQ(mime_type_for("IMG/LOGO.PNG"), "image/png");
    EXPECT_EQ(mime_type_for("a.tar.gz"), "application/gzip");
    EXPECT_EQ(mime_type_for("a.woff2"), "font/woff2");
    EXPECT_EQ(mime_type_for("README"), "application/octet-stream");
    EXPECT_EQ(mime_type_for("dir.d/file"), "application/octet-stream");
    EXPECT_EQ(mime_type_for("x.unknownext"), "application/octet-stream");
}

TEST(MimeType, Compressible) {
    EXPECT_TRUE(is_compressible_type("text/css; charset=utf-8"));
    EXPECT_TRUE(is_compressible_type("image/svg+xml"));
    EXPECT_FALSE(is_compressible_type("image/png"));
    EXPECT_FALSE(is_compressible_type("application/octet-stream"));
}

constexpr AvailableCodings kBoth{true, true};

TEST(ContentCodingChoice, PrefersBrotliThenGzip) {
    EXPECT_EQ(choose_coding("gzip, deflate, br", kBoth), ContentCoding::br);
    EXPECT_EQ(choose_coding("gzip, deflate, br", AvailableCodings{false, true}), ContentCoding::gzip);
    EXPECT_EQ(choose_coding("gzip;q=1.0, br;q=0.5", kBoth), ContentCoding::gzip);
    EXPECT_EQ(choose_coding("x-gzip", kBoth), ContentCoding::gzip);
}

TEST(ContentCodingChoice, RespectsRefusalsAndWildcards) {
    EXPECT_EQ(choose_coding(std::nullopt, kBoth), ContentCoding::identity);
    EXPECT_EQ(choose_coding("", kBoth), ContentCoding::identity);
    EXPECT_EQ(choose_coding("identity", kBoth), ContentCoding::identity);
    EXPECT_EQ(choose_coding("br;q=0, gzip;q=0", kBoth), ContentCoding::identity);
    EXPECT_EQ(choose_coding("*", kBoth), ContentCoding::br);
    EXPECT_EQ(choose_coding("*;q=0.1, br;q=0", kBoth), ContentCoding::gzip);
    EXPECT_EQ(choose_coding("br;q=garbage", kBoth), ContentCoding::identity);
    EXPECT_EQ(choose_coding("gzip", AvailableCodings{true, false}), ContentCoding::identity);
}

TEST(ContentCodingChoice, TokensAndSuffixes) {
    EXPECT_EQ(coding_token(ContentCoding::br), "br");
    EXPECT_EQ(coding_suffix(ContentCoding::gzip), ".gz");
    EXPECT_EQ(coding_token(ContentCoding::identity), "");
}

}  // namespace
}  // namespace runtime::http
