#include "runtime/tls/sni.hpp"

#include <gtest/gtest.h>

namespace runtime::tls {
namespace {

TEST(NameMatches, ExactNamesIgnoreCaseAndATrailingDot) {
    EXPECT_TRUE(name_matches("example.com", "example.com"));
    EXPECT_TRUE(name_matches("Example.COM", "example.com"));
    EXPECT_TRUE(name_matches("example.com", "example.com."));
    EXPECT_FALSE(name_matches("example.com", "www.example.com"));
    EXPECT_FALSE(name_matches("example.com", ""));
}

TEST(NameMatches, WildcardCoversExactlyOneLabel) {
    EXPECT_TRUE(name_matches("*.example.com", "a.example.com"));
    EXPECT_TRUE(name_matches("*.example.com", "A.EXAMPLE.com"));
    EXPECT_FALSE(name_matches("*.example.com", "example.com"));
    EXPECT_FALSE(name_matches("*.example.com", "a.b.example.com"));
    EXPECT_FALSE(name_matches("*.example.com", ".example.com"));
    EXPECT_FALSE(name_matches("*.example.com", "a.example.org"));
}

const std::vector<std::vector<std::string>> certificates{
    {"default.test"},
    {"*.shop.test", "other.test"},
    {"www.shop.test"},
};

TEST(PickCertificate, ExactNameBeatsAnEarlierWildcard) {
    EXPECT_EQ(pick_certificate(certificates, "www.shop.test"), 2u);
    EXPECT_EQ(pick_certificate(certificates, "cart.shop.test"), 1u);
    EXPECT_EQ(pick_certificate(certificates, "other.test"), 1u);
    EXPECT_EQ(pick_certificate(certificates, "DEFAULT.test"), 0u);
}

TEST(PickCertificate, UnknownOrMissingNameGetsTheDefault) {
    EXPECT_EQ(pick_certificate(certificates, "nobody.test"), 0u);
    EXPECT_EQ(pick_certificate(certificates, ""), 0u);
    EXPECT_EQ(pick_certificate({}, "x.test"), 0u);
}

}  // namespace
}  // namespace runtime::tls
