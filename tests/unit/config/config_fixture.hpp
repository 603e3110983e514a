#pragma once
// A scratch directory holding a configuration file and an application, plus a helper that loads
// settings from it with given flags and environment.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/config/command_line.hpp"
#include "runtime/config/loader.hpp"

namespace runtime::config::testing {

class ScratchDirectory {
public:
    ScratchDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rs-config-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    const std::filesystem::path& path() const { return path_; }

    void write(const std::string& relative, std::string_view contents) const {
        const auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file) << contents;
    }

private:
    std::filesystem::path path_;
};

using Environment = std::map<std::string, std::string>;

class ConfigTest : public ::testing::Test {
protected:
    ConfigTest() {
        scratch.write("app/public/index.php", "<?php\n");
        scratch.write("api/public/index.php", "<?php\n");
    }

    // Writes runtime.yaml and loads it with `flags` after "serve --config runtime.yaml".
    Result<Settings> load_yaml(std::string_view yaml, std::vector<std::string> flags = {},
                               const Environment& environment = {}) {
        scratch.write("runtime.yaml", yaml);
        flags.insert(flags.begin(), {"serve", "--config", "runtime.yaml"});
        return load(flags, environment);
    }

    Result<Settings> load(const std::vector<std::string>& arguments, const Environment& environment = {}) {
        std::vector<std::string_view> views(arguments.begin(), arguments.end());
        auto invocation = parse_command_line(views);
        if (!invocation) return invocation.error();
        return load_settings(*invocation, environment,
                             LoadOptions{.hardware_threads = 4, .working_directory = scratch.path()});
    }

    std::string in_scratch(const std::string& relative) const { return (scratch.path() / relative).string(); }

    ScratchDirectory scratch;
};

// A minimal valid file: one pool serving app/public/index.php.
inline constexpr std::string_view minimal_yaml =
    "pools:\n"
    "  - name: app\n"
    "    entry: app/public/index.php\n";

}  // namespace runtime::config::testing
