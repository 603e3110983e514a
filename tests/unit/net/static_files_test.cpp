// net::StaticRoot against a real directory: which requests it answers from a file, with which
// plan, and which it leaves to the application (symlinks out of the root, dotfiles, PHP
// sources, directories, other methods).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "static_files.hpp"
#include "temp_tree.hpp"

namespace runtime::net {
namespace {

using testing::request;
using testing::TempTree;

std::string header(const StaticAnswer& answer, std::string_view name) {
    const auto& headers = answer.plan.headers;
    const auto it = std::find_if(headers.begin(), headers.end(), [&](const http::Header& h) { return h.name == name; });
    return it == headers.end() ? std::string() : it->value;
}

std::string read_all(const StaticAnswer& answer) {
    std::string content(answer.plan.content_length, '\0');
    const ssize_t n = ::pread(answer.file.get(), content.data(), content.size(), 0);
    return n < 0 ? std::string() : content.substr(0, static_cast<std::size_t>(n));
}

class StaticRootTest : public ::testing::Test {
protected:
    void SetUp() override {
        site.file("public/hello.txt", "hello");
        site.file("public/css/app.css", "body{}");
        site.file("public/index.php", "<?php echo 1;");
        site.file("public/.env", "SECRET=1");
        site.directory("public/docs");
        site.file("outside.txt", "not yours");
        auto opened = StaticRoot::open(site.path("public"));
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        root.emplace(std::move(opened.value()));
    }

    TempTree site;
    std::optional<StaticRoot> root;
};

TEST_F(StaticRootTest, ServesARegularFileWithItsLengthAndType) {
    const auto answer = root->answer(request("GET", "/hello.txt?v=2"));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->plan.status, 200);
    EXPECT_EQ(answer->plan.content_length, 5u);
    EXPECT_TRUE(answer->plan.send_body);
    EXPECT_EQ(header(*answer, "Content-Type").rfind("text/plain", 0), 0u) << header(*answer, "Content-Type");
    EXPECT_EQ(answer->path, "hello.txt");
    EXPECT_EQ(read_all(*answer), "hello");
}

TEST_F(StaticRootTest, HeadHasNoBodyAndOtherMethodsGoToTheApplication) {
    const auto head = root->answer(request("HEAD", "/hello.txt"));
    ASSERT_TRUE(head);
    EXPECT_EQ(head->plan.content_length, 5u);
    EXPECT_FALSE(head->plan.send_body);
    EXPECT_FALSE(root->answer(request("POST", "/hello.txt")));
    EXPECT_FALSE(root->answer(request("DELETE", "/hello.txt")));
}

TEST_F(StaticRootTest, DirectoriesAndMissingFilesGoToTheApplication) {
    EXPECT_FALSE(root->answer(request("GET", "/docs")));
    EXPECT_FALSE(root->answer(request("GET", "/")));
    EXPECT_FALSE(root->answer(request("GET", "/missing.txt")));
}

TEST_F(StaticRootTest, DotfilesPhpSourcesAndTraversalAreNeverFiles) {
    EXPECT_FALSE(root->answer(request("GET", "/.env")));
    EXPECT_FALSE(root->answer(request("GET", "/index.php")));
    EXPECT_FALSE(root->answer(request("GET", "/../outside.txt")));
    EXPECT_FALSE(root->answer(request("GET", "/%2e%2e/outside.txt")));
}

TEST_F(StaticRootTest, SymlinksAreFollowedOnlyToAllowedFilesInsideTheRoot) {
    site.symlink("public/out.txt", site.path("outside.txt"));
    site.symlink("public/env.txt", ".env");
    site.symlink("public/source.txt", "index.php");
    site.symlink("public/greeting.txt", "hello.txt");
    EXPECT_FALSE(root->answer(request("GET", "/out.txt")));
    EXPECT_FALSE(root->answer(request("GET", "/env.txt")));
    EXPECT_FALSE(root->answer(request("GET", "/source.txt")));
    const auto inside = root->answer(request("GET", "/greeting.txt"));
    ASSERT_TRUE(inside);
    EXPECT_EQ(read_all(*inside), "hello");
}

TEST_F(StaticRootTest, APrecompressedSiblingIsSentWhenTheClientAcceptsIt) {
    site.file("public/css/app.css.gz", "gzipped");
    const auto plain = root->answer(request("GET", "/css/app.css"));
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->path, "css/app.css");
    EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");
    const auto gzip = root->answer(request("GET", "/css/app.css", {{"Accept-Encoding", "gzip, deflate"}}));
    ASSERT_TRUE(gzip);
    EXPECT_EQ(gzip->path, "css/app.css.gz");
    EXPECT_EQ(header(*gzip, "Content-Encoding"), "gzip");
    EXPECT_EQ(read_all(*gzip), "gzipped");
}

TEST_F(StaticRootTest, RangesAndPreconditionsApply) {
    const auto range = root->answer(request("GET", "/hello.txt", {{"Range", "bytes=1-2"}}));
    ASSERT_TRUE(range);
    EXPECT_EQ(range->plan.status, 206);
    EXPECT_EQ(range->plan.body_offset, 1u);
    EXPECT_EQ(range->plan.body_length, 2u);
    const auto first = root->answer(request("GET", "/hello.txt"));
    ASSERT_TRUE(first);
    const auto cached = root->answer(request("GET", "/hello.txt", {{"If-None-Match", header(*first, "ETag")}}));
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->plan.status, 304);
}

TEST_F(StaticRootTest, AnswerWithTakesAnAbsolutePathInsideTheRootOnly) {
    const auto inside = root->answer_with(site.path("public/css/app.css"), request("GET", "/download"));
    ASSERT_TRUE(inside);
    EXPECT_EQ(inside->path, "css/app.css");
    EXPECT_FALSE(root->answer_with(site.path("outside.txt"), request("GET", "/download")));
    EXPECT_FALSE(root->answer_with(site.path("public/.env"), request("GET", "/download")));
    EXPECT_FALSE(root->answer_with(site.path("public/missing"), request("GET", "/download")));
}

TEST(StaticRoots, OpensEachDirectoryOnceAndRemembersFailures) {
    TempTree site;
    site.file("file.txt", "x");
    EXPECT_FALSE(StaticRoot::open(site.path("file.txt")).ok());
    EXPECT_FALSE(StaticRoot::open(site.path("missing")).ok());
    StaticRoots roots;
    const StaticRoot* first = roots.find(site.root().string());
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->path(), std::filesystem::canonical(site.root()).string());
    EXPECT_EQ(roots.find(site.root().string()), first);
    EXPECT_EQ(roots.find(site.path("missing")), nullptr);
    site.directory("missing");
    EXPECT_EQ(roots.find(site.path("missing")), nullptr);  // remembered, not retried per request
}

}  // namespace
}  // namespace runtime::net
