#include "runtime/watch/watch_patterns.hpp"

#include <gtest/gtest.h>

namespace runtime::watch {
namespace {

const std::vector<std::string> symfony{"src/", "config/", "templates/", ".env*", "public/index.php", "composer.lock"};

struct MatchCase {
    const char* name;
    const char* path;
    bool expected;
};

void PrintTo(const MatchCase& c, std::ostream* os) { *os << c.name; }

class SymfonyDefaults : public ::testing::TestWithParam<MatchCase> {};

TEST_P(SymfonyDefaults, MatchSourcesNotCachesOrAssets) {
    const auto patterns = parse_patterns(symfony);
    EXPECT_EQ(matches(patterns, GetParam().path), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Watch, SymfonyDefaults,
    ::testing::Values(
        MatchCase{"controller", "src/Controller/HomeController.php", true}, MatchCase{"kernel", "src/Kernel.php", true},
        MatchCase{"config_yaml", "config/packages/framework.yaml", true},
        MatchCase{"template", "templates/base.html.twig", true}, MatchCase{"dotenv", ".env", true},
        MatchCase{"dotenv_local", ".env.local", true}, MatchCase{"front_controller", "public/index.php", true},
        MatchCase{"composer_lock", "composer.lock", true},
        MatchCase{"cache", "var/cache/prod/App_KernelProdContainer.php", false},
        MatchCase{"asset", "public/build/app.js", false}, MatchCase{"vendor", "vendor/autoload.php", false},
        MatchCase{"prefix_is_not_a_directory", "srcfoo/x.php", false},
        MatchCase{"dotenv_glob_stays_at_root", "config/.env", true},  // under config/
        MatchCase{"dotenv_not_in_subdirectory", "public/.env", false}),
    [](const ::testing::TestParamInfo<MatchCase>& param_info) { return std::string(param_info.param.name); });

TEST(ParsePatterns, DirectoriesAreRecursiveGlobsWatchTheirParent) {
    const std::vector<std::string> given{"src/", "./lib//", "public/*.php", ".env*"};
    const auto patterns = parse_patterns(given);
    ASSERT_EQ(patterns.size(), 4u);
    EXPECT_TRUE(patterns[0].recursive);
    EXPECT_EQ(patterns[0].directory, "src");
    EXPECT_TRUE(patterns[1].recursive);
    EXPECT_EQ(patterns[1].directory, "lib");
    EXPECT_FALSE(patterns[2].recursive);
    EXPECT_EQ(patterns[2].directory, "public");
    EXPECT_EQ(patterns[3].directory, "");
}

TEST(ScratchFiles, EditorLeftoversAreIgnored) {
    for (const char* name : {".HomeController.php.swp", "HomeController.php~", ".#HomeController.php", "4913"})
        EXPECT_TRUE(is_scratch_file(name)) << name;
    EXPECT_FALSE(is_scratch_file("HomeController.php"));
}

}  // namespace
}  // namespace runtime::watch
