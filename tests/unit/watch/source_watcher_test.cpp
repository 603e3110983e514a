// SourceWatcher against a real directory: inotify events, debounce, new subdirectories.
#include "runtime/watch/source_watcher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <boost/asio/io_context.hpp>

namespace runtime::watch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SourceWatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "rs-watch-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root = pattern;
        fs::create_directories(root / "src" / "Controller");
        fs::create_directories(root / "var" / "cache");
        auto started = SourceWatcher::start(
            io.get_executor(), WatchOptions{.root = root.string(), .patterns = {"src/", ".env*"}, .debounce = 50ms},
            [this](std::vector<std::string> changed) { reports.push_back(std::move(changed)); });
        ASSERT_TRUE(started) << started.error().message;
        watcher = std::move(started.value());
    }

    void TearDown() override {
        if (watcher) watcher->stop();
        io.run_for(10ms);
        fs::remove_all(root);
    }

    void write(const fs::path& relative, const std::string& text = "<?php\n") {
        std::ofstream(root / relative) << text;
    }

    // Runs the loop until a report arrived or `limit` passed.
    void run_until_report(std::chrono::milliseconds limit = 5s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        const std::size_t before = reports.size();
        while (reports.size() == before && std::chrono::steady_clock::now() < deadline) io.run_for(20ms);
    }

    std::string path(const fs::path& relative) const { return (root / relative).string(); }

    boost::asio::io_context io;
    fs::path root;
    std::shared_ptr<SourceWatcher> watcher;
    std::vector<std::vector<std::string>> reports;
};

TEST_F(SourceWatcherTest, ABurstOfWritesIsReportedOnce) {
    write("src/Controller/A.php");
    write("src/Kernel.php");
    write(".env.local", "APP_ENV=dev\n");
    run_until_report();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0],
              (std::vector<std::string>{path(".env.local"), path("src/Controller/A.php"), path("src/Kernel.php")}));
}

TEST_F(SourceWatcherTest, FilesOutsideThePatternsAndScratchFilesAreIgnored) {
    write("var/cache/Container.php");
    write("composer.json", "{}");
    write("src/Controller/.A.php.swp", "x");
    run_until_report(300ms);
    EXPECT_TRUE(reports.empty());
}

TEST_F(SourceWatcherTest, NewSubdirectoriesAreWatched) {
    fs::create_directories(root / "src" / "Service");
    run_until_report();
    ASSERT_EQ(reports.size(), 1u);
    write("src/Service/Mailer.php");
    run_until_report();
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[1], (std::vector<std::string>{path("src/Service/Mailer.php")}));
}

TEST_F(SourceWatcherTest, StoppedWatcherReportsNothing) {
    watcher->stop();
    write("src/Kernel.php");
    run_until_report(200ms);
    EXPECT_TRUE(reports.empty());
}

}  // namespace
}  // namespace runtime::watch
