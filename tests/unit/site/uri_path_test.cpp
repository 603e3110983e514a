// Request targets to the path nginx matches locations and files against ($uri).
#include <gtest/gtest.h>

#include "runtime/site/uri_path.hpp"

namespace runtime::site {
namespace {

std::string normalized(std::string_view target) {
    auto path = normalize_uri_path(target);
    return path ? path.value() : "error: " + path.error().message;
}

TEST(UriPath, DecodesMergesSlashesAndResolvesDotSegments) {
    EXPECT_EQ(normalized("/"), "/");
    EXPECT_EQ(normalized("/a//b/./c?x=/../.."), "/a/b/c");
    EXPECT_EQ(normalized("/a/../info.php"), "/info.php");
    EXPECT_EQ(normalized("/my%20dir/"), "/my dir/");
    EXPECT_EQ(normalized("/sub%2fpage.php"), "/sub/page.php");
    EXPECT_EQ(normalized("/script.php/x/../y"), "/script.php/y");
    EXPECT_EQ(normalized("/a/b/.."), "/a/");
    EXPECT_EQ(normalized("/a/."), "/a/");
    EXPECT_EQ(normalized("/a/.."), "/");
}

TEST(UriPath, RefusesWhatIsNoPathInsideTheRoot) {
    for (const char* target : {"*", "http://host/x", "", "/../etc/passwd", "/%2e%2e/etc/passwd", "/a/../../b",
                               "/%2E%2E%2fetc", "/x%00.php", "/bad%zz", "/trail%2"}) {
        EXPECT_FALSE(normalize_uri_path(target)) << target;
    }
}

TEST(UriPath, QueryIsWhatFollowsTheFirstQuestionMark) {
    EXPECT_EQ(query_of("/a?b=1?c"), "b=1?c");
    EXPECT_EQ(query_of("/a?"), "");
    EXPECT_EQ(query_of("/a"), "");
}

TEST(UriPath, EncodesOnlyWhatALocationPathMayNotCarryRaw) {
    EXPECT_EQ(encode_uri_path("/docs/a-b_c.d~e/"), "/docs/a-b_c.d~e/");
    EXPECT_EQ(encode_uri_path("/my dir/100%?#"), "/my%20dir/100%25%3F%23");
    EXPECT_EQ(encode_uri_path("/caf\xc3\xa9\r\n"), "/caf%C3%A9%0D%0A");
}

}  // namespace
}  // namespace runtime::site
