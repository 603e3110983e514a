#include "runtime/policy/script_policy.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace runtime::policy {
namespace {

namespace fs = std::filesystem;

TEST(ScriptAllowed, OnlyPhpFilesInsideTheRoot) {
    EXPECT_TRUE(script_allowed("/srv/app/public", "/srv/app/public/index.php"));
    EXPECT_TRUE(script_allowed("/srv/app/public/", "/srv/app/public/admin/tool.php"));
    EXPECT_FALSE(script_allowed("/srv/app/public", "/srv/app/config/secrets.php"));
    EXPECT_FALSE(script_allowed("/srv/app/public", "/srv/app/publicity/x.php"));  // prefix, not a parent
    EXPECT_FALSE(script_allowed("/srv/app/public", "/srv/app/public/upload.jpg"));
    EXPECT_FALSE(script_allowed("/srv/app/public", "/srv/app/public/.php"));
    EXPECT_FALSE(script_allowed("/srv/app/public", "/srv/app/public/x.phps"));
    EXPECT_FALSE(script_allowed("", "/srv/app/public/index.php"));
    EXPECT_TRUE(script_allowed("/", "/index.php"));
}

class ResolveScript : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("rs-script-policy-" + std::to_string(::getpid()));
        fs::create_directories(base_ / "public");
        std::ofstream(base_ / "public" / "index.php") << "<?php\n";
        std::ofstream(base_ / "secret.php") << "<?php\n";
        fs::create_symlink(base_ / "secret.php", base_ / "public" / "link.php");
    }
    void TearDown() override { fs::remove_all(base_); }

    fs::path base_;
};

TEST_F(ResolveScript, FollowsPathsAndRefusesEscapes) {
    const std::string root = (base_ / "public").string();
    EXPECT_EQ(resolve_script(root, root + "/index.php"), fs::canonical(base_ / "public" / "index.php").string());
    EXPECT_EQ(resolve_script(root + "/", root + "/./index.php"),
              fs::canonical(base_ / "public" / "index.php").string());
    EXPECT_FALSE(resolve_script(root, root + "/../secret.php"));  // dot-dot escape
    EXPECT_FALSE(resolve_script(root, root + "/link.php"));       // symlink escape
    EXPECT_FALSE(resolve_script(root, root + "/missing.php"));
    EXPECT_FALSE(resolve_script(root, ""));
}

}  // namespace
}  // namespace runtime::policy
