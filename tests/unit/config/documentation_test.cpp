// Keeps docs/configuration.md and the shipped example configurations in step with the code:
// the key, variable and flag lists come from the tables the parsers use.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "runtime/config/keys.hpp"
#include "yaml_parser.hpp"

namespace runtime::config {
namespace {

const std::filesystem::path source_dir = RUNTIME_SOURCE_DIR;

std::string read(const std::filesystem::path& path) {
    std::ifstream stream(path);
    std::ostringstream contents;
    contents << stream.rdbuf();
    return contents.str();
}

TEST(Documentation, EveryConfigKeyIsDocumented) {
    const std::string doc = read(source_dir / "docs/configuration.md");
    ASSERT_FALSE(doc.empty());
    for (const auto& key : known_config_keys())
        EXPECT_NE(doc.find("`" + key + "`"), std::string::npos) << "docs/configuration.md lacks `" << key << "`";
}

TEST(Documentation, EveryEnvironmentVariableIsDocumented) {
    const std::string doc = read(source_dir / "docs/configuration.md");
    for (const auto& name : known_environment_variables())
        EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << "docs/configuration.md lacks `" << name << "`";
}

TEST(Documentation, EveryFlagIsDocumented) {
    const std::string doc = read(source_dir / "docs/configuration.md");
    for (const auto& flag : known_flags())
        EXPECT_NE(doc.find("`" + flag), std::string::npos) << "docs/configuration.md lacks `" << flag << "`";
}

TEST(Documentation, KnownKeysAreUniqueAndIncludeNestedPaths) {
    const auto keys = known_config_keys();
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
    for (const char* key : {"listen.http", "listen.fastcgi.socket_mode", "pools[].policy.max_requests",
                            "pools[].warmup.services", "pools[].routing.path_prefix", "http.max_body_size"})
        EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
}

std::vector<std::filesystem::path> example_files() {
    std::vector<std::filesystem::path> files{source_dir / "config/runtime-supercharger.yaml"};
    for (const auto& entry : std::filesystem::directory_iterator(source_dir / "config/examples"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    return files;
}

TEST(Examples, ParseWithoutErrors) {
    const auto files = example_files();
    EXPECT_GE(files.size(), 3u);
    for (const auto& file : files) {
        auto parsed = detail::parse_settings_yaml(read(file), file.filename().string(), {});
        for (const auto& error : parsed.errors) ADD_FAILURE() << error;
        EXPECT_FALSE(parsed.settings.pools.empty()) << file;
    }
}

// The documented example sets every leaf key, so it doubles as a complete reference.
TEST(Examples, DocumentedExampleSetsEveryKey) {
    auto parsed = detail::parse_settings_yaml(read(source_dir / "config/runtime-supercharger.yaml"),
                                              "runtime-supercharger.yaml", {});
    ASSERT_TRUE(parsed.errors.empty());
    std::set<std::string> set_keys;
    const std::regex index(R"(\[\d+\])");
    for (const auto& [path, origin] : parsed.origins) set_keys.insert(std::regex_replace(path, index, "[]"));

    const auto keys = known_config_keys();
    for (const auto& key : keys) {
        const bool is_section = std::any_of(keys.begin(), keys.end(), [&](const std::string& other) {
            return other.size() > key.size() && other.compare(0, key.size(), key) == 0 &&
                   (other[key.size()] == '.' || other[key.size()] == '[');
        });
        if (!is_section) {
            EXPECT_TRUE(set_keys.count(key)) << "config/runtime-supercharger.yaml does not set " << key;
        }
    }
}

}  // namespace
}  // namespace runtime::config
