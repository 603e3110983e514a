// net::plan_site_request against a real document root: classic-mode sites decide between a
// static file, a script with its PATH_INFO, a redirect and a refusal, with symlinks resolved
// on disk (runtime::site's rules are tested on their own in tests/unit/site).
#include <gtest/gtest.h>

#include <string>

#include "runtime/policy/script_policy.hpp"
#include "site_files.hpp"
#include "temp_tree.hpp"

namespace runtime::net {
namespace {

using testing::request;
using testing::TempTree;

std::string header(const EarlyAnswer& answer, std::string_view name) {
    for (const auto& h : answer.headers) {
        if (h.name == name) return h.value;
    }
    return {};
}

class ClassicSite : public ::testing::Test {
protected:
    void SetUp() override {
        site.file("www/index.php", "<?php");
        site.file("www/info.php", "<?php");
        site.file("www/style.css", "body{}");
        site.file("www/docs/index.php", "<?php");
        site.file("www/page.phtml", "<?php");
        site.file("www/.htpasswd", "x");
        site.file("www/data/notes.txt", "private");
        site.directory("www/empty");
        site.file("shared/logo.svg", "<svg/>");
        site.file("shared/tool.php", "<?php");
        site.file("elsewhere/secret.txt", "secret");
        root = std::filesystem::canonical(site.path("www")).string();
        pool.mode = config::Mode::classic;
        pool.document_root = site.path("www");
        pool.site.fallback = "/index.php";
        pool.site.deny = {"/data"};
    }

    SitePlan plan(std::string method, std::string target, bool static_files = true) {
        return plan_site_request(pool, request(std::move(method), std::move(target)), roots, static_files);
    }

    // Exactly one member of a plan is set.
    static int members(const SitePlan& p) {
        return int(p.file.has_value()) + int(p.answer.has_value()) + int(p.script.has_value());
    }

    TempTree site;
    std::string root;
    config::PoolSettings pool;
    StaticRoots roots;
};

TEST(SiteFiles, OnlyClassicPoolsResolvePaths) {
    config::PoolSettings pool;
    pool.mode = config::Mode::worker;
    EXPECT_FALSE(resolves_site_paths(pool));
    pool.mode = config::Mode::classic;
    EXPECT_TRUE(resolves_site_paths(pool));
}

TEST_F(ClassicSite, AStaticFileIsServedFromTheDocumentRoot) {
    const auto p = plan("GET", "/style.css");
    EXPECT_EQ(members(p), 1);
    ASSERT_TRUE(p.file);
    EXPECT_EQ(p.file->path, "style.css");
}

TEST_F(ClassicSite, AScriptRunsWithItsPathInfo) {
    const auto p = plan("GET", "/info.php/extra/path?x=1");
    EXPECT_EQ(members(p), 1);
    ASSERT_TRUE(p.script);
    EXPECT_EQ(p.script->document_root, root);
    EXPECT_EQ(p.script->script_filename, root + "/info.php");
    EXPECT_EQ(p.script->script_name, "/info.php");
    EXPECT_EQ(p.script->path_info, "/extra/path");
}

TEST_F(ClassicSite, ADirectoryIsRedirectedToItsSlashThenRunsItsIndex) {
    const auto redirect = plan("GET", "/docs?page=2");
    ASSERT_TRUE(redirect.answer);
    EXPECT_EQ(redirect.answer->status, 301);
    EXPECT_EQ(header(*redirect.answer, "Location"), "/docs/?page=2");
    const auto index = plan("GET", "/docs/");
    ASSERT_TRUE(index.script);
    EXPECT_EQ(index.script->script_filename, root + "/docs/index.php");
    EXPECT_EQ(index.script->script_name, "/docs/index.php");
}

TEST_F(ClassicSite, UnknownPathsGoToTheFrontController) {
    const auto p = plan("GET", "/blog/2026/hello");
    ASSERT_TRUE(p.script);
    EXPECT_EQ(p.script->script_filename, root + "/index.php");
    EXPECT_EQ(p.script->script_name, "/index.php");
}

TEST_F(ClassicSite, WithoutStaticFilesAnExistingFileGoesToTheFrontController) {
    const auto p = plan("GET", "/style.css", false);
    ASSERT_TRUE(p.script);
    EXPECT_EQ(p.script->script_filename, root + "/index.php");
}

TEST_F(ClassicSite, WithoutAFallbackUnknownPathsAre404) {
    pool.site.fallback = "off";
    const auto p = plan("GET", "/blog/2026/hello");
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 404);
}

TEST_F(ClassicSite, RefusalsAreAnsweredWithoutPhp) {
    struct Case {
        const char* method;
        const char* target;
        int status;
    };
    for (const Case& c :
         {Case{"GET", "/.htpasswd", 403}, Case{"GET", "/data/notes.txt", 403}, Case{"GET", "/page.phtml", 403},
          Case{"GET", "/empty/", 403}, Case{"GET", "/%zz", 400}, Case{"POST", "/style.css", 405}}) {
        const auto p = plan(c.method, c.target);
        EXPECT_EQ(members(p), 1) << c.target;
        ASSERT_TRUE(p.answer) << c.method << " " << c.target;
        EXPECT_EQ(p.answer->status, c.status) << c.method << " " << c.target;
    }
    EXPECT_EQ(header(*plan("POST", "/style.css").answer, "Allow"), "GET, HEAD");
}

TEST_F(ClassicSite, AMissingScriptIsPhpFpmsFileNotFound) {
    const auto p = plan("GET", "/missing.php");
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 404);
    EXPECT_EQ(p.answer->body, policy::kScriptNotFoundBody);
}

TEST_F(ClassicSite, SymlinksOutOfTheRootAreNotFound) {
    site.symlink("www/leak.txt", site.path("elsewhere/secret.txt"));
    const auto p = plan("GET", "/leak.txt");
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 404);
}

TEST_F(ClassicSite, SymlinkRootsServeFilesButNeverScripts) {
    site.symlink("www/logo.svg", site.path("shared/logo.svg"));
    site.symlink("www/tool.php", site.path("shared/tool.php"));
    EXPECT_TRUE(plan("GET", "/logo.svg").answer);  // not yet allowed
    pool.site.symlink_roots = {site.path("shared")};
    StaticRoots fresh;
    const auto file = plan_site_request(pool, request("GET", "/logo.svg"), fresh, true);
    ASSERT_TRUE(file.file);
    EXPECT_EQ(file.file->path, "logo.svg");
    const auto script = plan_site_request(pool, request("GET", "/tool.php"), fresh, true);
    ASSERT_TRUE(script.answer);
    EXPECT_EQ(script.answer->body, policy::kScriptNotFoundBody);
}

TEST_F(ClassicSite, AMissingDocumentRootAnswers404) {
    pool.document_root = site.path("gone");
    const auto p = plan("GET", "/index.php");
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 404);
}

TEST(DeniedAnswer, WorkerPoolsRefuseDeniedPrefixesBeforeTheFrontController) {
    config::PoolSettings pool;
    EXPECT_FALSE(denied_answer(pool, request("GET", "/admin")));  // nothing denied
    pool.site.deny = {"/admin/", "/.git"};
    for (const char* target : {"/admin", "/admin/users?id=1", "/%61dmin/x", "/a/../admin", "/.git/config"}) {
        const auto answer = denied_answer(pool, request("GET", target));
        ASSERT_TRUE(answer) << target;
        EXPECT_EQ(answer->status, 403) << target;
    }
    for (const char* target : {"/", "/administrator", "/api/admin", "*"}) {
        EXPECT_FALSE(denied_answer(pool, request("GET", target))) << target;
    }
}

}  // namespace
}  // namespace runtime::net
