#pragma once
// A directory tree under /tmp for one test, removed afterwards: files, directories and
// symlinks created by relative path.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "runtime/http/request_parser.hpp"

namespace runtime::net::testing {

class TempTree {
public:
    TempTree() {
        std::string pattern = (std::filesystem::temp_directory_path() / "rs-net-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
        root_ = pattern;
    }
    ~TempTree() {
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    const std::filesystem::path& root() const { return root_; }
    std::string path(const std::string& relative) const { return (root_ / relative).string(); }

    void file(const std::string& relative, const std::string& content) const {
        std::filesystem::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative, std::ios::binary) << content;
    }
    void directory(const std::string& relative) const { std::filesystem::create_directories(root_ / relative); }
    void symlink(const std::string& relative, const std::filesystem::path& target) const {
        std::filesystem::create_directories((root_ / relative).parent_path());
        std::filesystem::create_symlink(target, root_ / relative);
    }

private:
    std::filesystem::path root_;
};

inline http::RequestHead request(std::string method, std::string target, std::vector<http::Header> headers = {}) {
    http::RequestHead head;
    head.method = std::move(method);
    head.target = std::move(target);
    head.headers = std::move(headers);
    return head;
}

}  // namespace runtime::net::testing
