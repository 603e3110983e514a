// Request paths to files under the static root: traversal, hidden files and PHP sources are
// refused (the request then goes to PHP), everything else maps to a clean relative path.
#include <gtest/gtest.h>

#include "runtime/http/static_path.hpp"

namespace runtime::http {
namespace {

TEST(StaticPath, MapsPlainPathsAndIgnoresTheQuery) {
    const auto path = resolve_static_path("/css/app.css?v=3");
    ASSERT_TRUE(path);
    EXPECT_EQ(path.relative, "css/app.css");
}

TEST(StaticPath, DecodesPercentEscapesAndCollapsesEmptyAndDotSegments) {
    const auto path = resolve_static_path("//img/./my%20photo.png");
    ASSERT_TRUE(path);
    EXPECT_EQ(path.relative, "img/my photo.png");
}

struct Refused {
    const char* target;
    StaticPathRefusal refusal;
};

class StaticPathRefusals : public ::testing::TestWithParam<Refused> {};

TEST_P(StaticPathRefusals, AreRefusedWithTheReason) {
    const auto path = resolve_static_path(GetParam().target);
    ASSERT_FALSE(path) << GetParam().target;
    EXPECT_EQ(*path.refusal, GetParam().refusal) << GetParam().target;
}

INSTANTIATE_TEST_SUITE_P(
    Targets, StaticPathRefusals,
    ::testing::Values(Refused{"*", StaticPathRefusal::not_absolute},
                      Refused{"http://host/a.css", StaticPathRefusal::not_absolute},
                      Refused{"/../etc/passwd", StaticPathRefusal::traversal},
                      Refused{"/static/../../etc/passwd", StaticPathRefusal::traversal},
                      Refused{"/%2e%2e/etc/passwd", StaticPathRefusal::traversal},
                      Refused{"/%2E%2e/etc/passwd", StaticPathRefusal::traversal},
                      Refused{"/static/..%2fsecret", StaticPathRefusal::bad_encoding},
                      Refused{"/static/..%5csecret", StaticPathRefusal::bad_encoding},
                      Refused{"/a%00.css", StaticPathRefusal::bad_encoding},
                      Refused{"/a%zz.css", StaticPathRefusal::bad_encoding},
                      Refused{"/a%2", StaticPathRefusal::bad_encoding},
                      Refused{"/.env", StaticPathRefusal::hidden},
                      Refused{"/.git/config", StaticPathRefusal::hidden},
                      Refused{"/static/.htaccess", StaticPathRefusal::hidden},
                      Refused{"/%2eenv", StaticPathRefusal::hidden},
                      Refused{"/.well-known", StaticPathRefusal::hidden},
                      Refused{"/index.php", StaticPathRefusal::script},
                      Refused{"/INDEX.PHP", StaticPathRefusal::script},
                      Refused{"/lib/tool.phar", StaticPathRefusal::script},
                      Refused{"/page.phtml", StaticPathRefusal::script},
                      Refused{"/index%2ephp", StaticPathRefusal::script},
                      Refused{"/", StaticPathRefusal::directory},
                      Refused{"/static/", StaticPathRefusal::directory},
                      Refused{"/./", StaticPathRefusal::directory}));

TEST(StaticPath, AllowsFilesUnderWellKnown) {
    const auto path = resolve_static_path("/.well-known/security.txt");
    ASSERT_TRUE(path);
    EXPECT_EQ(path.relative, ".well-known/security.txt");
}

TEST(CheckFilePath, AppliesTheStaticRulesToRelativePaths) {
    EXPECT_EQ(check_file_path("invoices/1.pdf"), std::nullopt);
    EXPECT_EQ(check_file_path(".well-known/acme"), std::nullopt);
    EXPECT_EQ(check_file_path("a/../b"), StaticPathRefusal::traversal);
    EXPECT_EQ(check_file_path("config/.env"), StaticPathRefusal::hidden);
    EXPECT_EQ(check_file_path(".well-known"), StaticPathRefusal::hidden);
    EXPECT_EQ(check_file_path("public/index.php"), StaticPathRefusal::script);
    EXPECT_EQ(check_file_path("a%2ephp"), std::nullopt);  // not decoded: a literal file name
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
    EXPECT_EQ(percent_decode("a%41%62c"), "aAbc");
    EXPECT_EQ(percent_decode("%"), std::nullopt);
    EXPECT_EQ(percent_decode("%4"), std::nullopt);
    EXPECT_EQ(percent_decode("%g1"), std::nullopt);
    EXPECT_EQ(percent_decode("%00"), std::nullopt);
}

TEST(PhpScriptName, CoversTheSuffixesPhpRuns) {
    EXPECT_TRUE(is_php_script_name("x.php"));
    EXPECT_TRUE(is_php_script_name("x.Php5"));
    EXPECT_FALSE(is_php_script_name("x.php.txt"));
    EXPECT_FALSE(is_php_script_name("php"));
}

}  // namespace
}  // namespace runtime::http
