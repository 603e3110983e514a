#include "runtime/http/https_redirect.hpp"

#include <gtest/gtest.h>

namespace runtime::http {
namespace {

TEST(HttpsLocation, KeepsHostAndTargetAndDropsThePlainPort) {
    EXPECT_EQ(https_location("example.com:8080", "/a/b?x=1", "127.0.0.1", 8443), "https://example.com:8443/a/b?x=1");
    EXPECT_EQ(https_location("example.com", "/", "127.0.0.1", 443), "https://example.com/");
    EXPECT_EQ(https_location("[::1]:80", "/x", "::1", 443), "https://[::1]/x");
}

TEST(HttpsLocation, AbsoluteFormTargetNamesTheHost) {
    EXPECT_EQ(https_location("ignored.test", "http://example.com:80/p?q", "127.0.0.1", 443), "https://example.com/p?q");
}

TEST(HttpsLocation, MissingOrSuspiciousHostFallsBackToTheLocalAddress) {
    EXPECT_EQ(https_location("", "/x", "127.0.0.1", 8443), "https://127.0.0.1:8443/x");
    EXPECT_EQ(https_location("evil.test/path", "/x", "10.0.0.1", 443), "https://10.0.0.1/x");
    EXPECT_EQ(https_location("a b", "/x", "::1", 443), "https://[::1]/x");
}

TEST(HttpsLocation, AsteriskOrOddTargetsBecomeTheRoot) {
    EXPECT_EQ(https_location("example.com", "*", "127.0.0.1", 443), "https://example.com/");
    EXPECT_EQ(https_location("example.com",
                             "/a\x01"
                             "b",
                             "127.0.0.1", 443),
              "https://example.com/");
}

}  // namespace
}  // namespace runtime::http
