// The classic-site rules on an in-memory tree; each expectation is what nginx's usual php-fpm
// server block answers for the same tree (tests/integration/test_classic_site.py checks both
// servers over HTTP).
#include <gtest/gtest.h>

#include <map>

#include "runtime/site/site_resolution.hpp"

namespace runtime::site {
namespace {

class SiteResolutionTest : public ::testing::Test {
protected:
    std::map<std::string, FileKind, std::less<>> tree{
        {"", FileKind::directory},
        {"index.php", FileKind::file},
        {"info.php", FileKind::file},
        {"style.css", FileKind::file},
        {"a.phtml", FileKind::file},
        {"LOUD.PHP", FileKind::file},
        {"docs", FileKind::directory},
        {"docs/index.php", FileKind::file},
        {"plain", FileKind::directory},
        {"plain/readme.txt", FileKind::file},
        {"htmldir", FileKind::directory},
        {"htmldir/index.html", FileKind::file},
        {"dir.php", FileKind::directory},
        {"escape", FileKind::outside_root},
        {"escape.php", FileKind::outside_root},
        {"private", FileKind::directory},
        {"private/x.txt", FileKind::file},
    };
    SiteRules rules{{"index.php"}, "/index.php", {"/private/"}, true};

    SiteResolution resolve(std::string_view target, std::string_view method = "GET") const {
        const FileProbe probe = [this](std::string_view relative) {
            const auto found = tree.find(relative);
            return found == tree.end() ? FileKind::missing : found->second;
        };
        return resolve_site_request(SiteRequest{method, target}, rules, probe);
    }
};

TEST_F(SiteResolutionTest, ExistingFileIsServedAsIs) {
    const auto result = resolve("/style.css?v=2");
    EXPECT_EQ(result.outcome, Outcome::static_file);
    EXPECT_EQ(result.relative, "style.css");
    EXPECT_EQ(resolve("/style.css", "HEAD").outcome, Outcome::static_file);
}

TEST_F(SiteResolutionTest, ExistingFileWithAnotherMethodIs405) {
    const auto result = resolve("/style.css", "POST");
    EXPECT_EQ(result.status, 405);
    EXPECT_EQ(result.refusal, Refusal::method_not_allowed);
}

TEST_F(SiteResolutionTest, ExistingScriptRunsWithItsOwnName) {
    const auto result = resolve("/info.php?x=1", "POST");
    ASSERT_EQ(result.outcome, Outcome::script);
    EXPECT_EQ(result.relative, "info.php");
    EXPECT_EQ(result.script_name, "/info.php");
    EXPECT_EQ(result.path_info, "");
    EXPECT_EQ(result.document_uri, "/info.php");
}

TEST_F(SiteResolutionTest, PathAfterTheScriptIsPathInfo) {
    const auto result = resolve("/info.php/extra/path%20x?q=1");
    ASSERT_EQ(result.outcome, Outcome::script);
    EXPECT_EQ(result.script_name, "/info.php");
    EXPECT_EQ(result.path_info, "/extra/path x");
    EXPECT_EQ(result.document_uri, "/info.php/extra/path x");
    EXPECT_EQ(resolve("/info.php/").path_info, "/");
    EXPECT_EQ(resolve("/info.php//x/../y").path_info, "/y");
    EXPECT_EQ(resolve("/docs/index.php/a.php/b").path_info, "/a.php/b");
}

TEST_F(SiteResolutionTest, MissingScriptIsFileNotFoundNotTheFrontController) {
    EXPECT_EQ(resolve("/missing.php").refusal, Refusal::script_not_found);
    EXPECT_EQ(resolve("/missing.php/x").status, 404);
    EXPECT_EQ(resolve("/dir.php").refusal, Refusal::script_not_found);  // a directory is no script
}

TEST_F(SiteResolutionTest, DirectoryWithoutSlashRedirectsKeepingTheQuery) {
    auto result = resolve("/docs?page=2");
    EXPECT_EQ(result.outcome, Outcome::redirect);
    EXPECT_EQ(result.status, 301);
    EXPECT_EQ(result.location, "/docs/?page=2");
    EXPECT_EQ(resolve("/docs", "POST").location, "/docs/");
    EXPECT_EQ(resolve("/a/../docs").location, "/docs/");
}

TEST_F(SiteResolutionTest, DirectoryRunsItsIndexScript) {
    const auto result = resolve("/docs/?a=b");
    ASSERT_EQ(result.outcome, Outcome::script);
    EXPECT_EQ(result.relative, "docs/index.php");
    EXPECT_EQ(result.script_name, "/docs/index.php");
    EXPECT_EQ(result.document_uri, "/docs/index.php");
    EXPECT_EQ(resolve("/").script_name, "/index.php");
}

TEST_F(SiteResolutionTest, DirectoryWithoutIndexIs403) {
    EXPECT_EQ(resolve("/plain/").refusal, Refusal::no_index);
    EXPECT_EQ(resolve("/htmldir/").refusal, Refusal::no_index);
}

TEST_F(SiteResolutionTest, IndexListIsTriedInOrderAndMayNameStaticFiles) {
    rules.index_files = {"index.php", "index.html"};
    const auto result = resolve("/htmldir/");
    EXPECT_EQ(result.outcome, Outcome::static_file);
    EXPECT_EQ(result.relative, "htmldir/index.html");
    EXPECT_EQ(resolve("/docs/").script_name, "/docs/index.php");
}

TEST_F(SiteResolutionTest, AnythingElseRunsTheFallback) {
    for (const char* target : {"/missing", "/missing/x.css", "/STYLE.css", "/style.css/", "/missing/"}) {
        const auto result = resolve(target);
        ASSERT_EQ(result.outcome, Outcome::script) << target;
        EXPECT_EQ(result.script_name, "/index.php") << target;
        EXPECT_EQ(result.path_info, "") << target;
        EXPECT_EQ(result.document_uri, "/index.php") << target;
    }
}

TEST_F(SiteResolutionTest, WithoutFallbackAnythingElseIs404) {
    rules.fallback.clear();
    EXPECT_EQ(resolve("/missing").refusal, Refusal::not_found);
    EXPECT_EQ(resolve("/style.css").outcome, Outcome::static_file);
}

TEST_F(SiteResolutionTest, WithoutStaticFilesExistingFilesGoToTheFallback) {
    rules.static_files = false;
    EXPECT_EQ(resolve("/style.css").script_name, "/index.php");
    EXPECT_EQ(resolve("/info.php").script_name, "/info.php");
}

TEST_F(SiteResolutionTest, HiddenAndDeniedPathsAre403) {
    for (const char* target : {"/.env", "/.git/config", "/docs/.htaccess", "/.php", "/.well-known",
                               "/.well-known/.secret", "/%2e%65nv"}) {
        EXPECT_EQ(resolve(target).refusal, Refusal::hidden) << target;
    }
    for (const char* target : {"/private/x.txt", "/private", "/private/", "/a/../private/x.txt", "/private/y.php"}) {
        EXPECT_EQ(resolve(target).refusal, Refusal::denied) << target;
    }
    EXPECT_EQ(resolve("/privateer").outcome, Outcome::script);  // a prefix is a whole segment
    EXPECT_EQ(resolve("/.well-known/acme").outcome, Outcome::script);
}

TEST_F(SiteResolutionTest, SourcesOfOtherScriptNamesAreNeverSent) {
    EXPECT_EQ(resolve("/a.phtml").refusal, Refusal::source);
    EXPECT_EQ(resolve("/LOUD.PHP").refusal, Refusal::source);
}

TEST_F(SiteResolutionTest, TraversalIsABadRequestAndSymlinksOutAreNotFound) {
    EXPECT_EQ(resolve("/../etc/passwd").status, 400);
    EXPECT_EQ(resolve("/%2e%2e/etc/passwd").status, 400);
    EXPECT_EQ(resolve("/docs/..%2f..%2fetc").status, 400);
    EXPECT_EQ(resolve("/x%00.php").status, 400);
    EXPECT_EQ(resolve("*").status, 400);
    EXPECT_EQ(resolve("/escape").refusal, Refusal::outside_root);
    EXPECT_EQ(resolve("/escape.php").refusal, Refusal::outside_root);
}

TEST(SitePaths, PrefixMatchesWholeSegments) {
    EXPECT_TRUE(path_is_under("/data", "/data/"));
    EXPECT_TRUE(path_is_under("/data/x", "/data"));
    EXPECT_FALSE(path_is_under("/database", "/data"));
    EXPECT_TRUE(path_is_under("/install.php", "/install.php"));
    EXPECT_TRUE(path_is_under("/anything", "/"));
}

TEST(SitePaths, PhpScriptEndFollowsNginxSplit) {
    EXPECT_EQ(php_script_end("/a.php"), 6u);
    EXPECT_EQ(php_script_end("/a.php/b.php/c"), 6u);
    EXPECT_EQ(php_script_end("/a.php.txt/b.php"), 16u);
    EXPECT_EQ(php_script_end("/a.phpx"), std::nullopt);
    EXPECT_EQ(php_script_end("/.php"), std::nullopt);
    EXPECT_EQ(php_script_end("/A.PHP"), std::nullopt);  // case-sensitive, like the location regex
}

}  // namespace
}  // namespace runtime::site
