#pragma once
// Finds the file a request names under a static root and decides the answer. The I/O lives
// here (open, fstat, readlink); the decisions are runtime::http's pure static_* functions.
#include <map>
#include <optional>
#include <string>
#include <sys/stat.h>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_response.hpp"
#include "static_miss_cache.hpp"

namespace runtime::net {

struct StaticAnswer {
    UniqueFd file;          // the representation to send (a .br/.gz sibling or the file itself)
    http::StaticPlan plan;
    std::string path;       // for logs
};

class StaticRoot {
public:
    // `directory` must exist; symlinks in it are resolved once, here.
    static Result<StaticRoot> open(const std::string& directory);

    const std::string& path() const { return root_; }

    // The answer to a GET or HEAD for a regular file under the root; std::nullopt when the
    // request does not name one (other methods, refused paths, directories, missing files):
    // the application answers those.
    std::optional<StaticAnswer> answer(const http::RequestHead& head) const;

    // The answer with the file at `absolute_path` (X-Sendfile); std::nullopt unless it is a
    // regular file inside the root. Request preconditions and ranges still apply.
    std::optional<StaticAnswer> answer_with(const std::string& absolute_path, const http::RequestHead& head) const;

private:
    struct OpenFile {
        UniqueFd fd;
        struct stat status {};
    };

    explicit StaticRoot(std::string root) : root_(std::move(root)) {}
    std::optional<StaticAnswer> answer_for(const std::string& relative, const http::RequestHead& head) const;
    // Opens root/relative if it is a regular file whose real path (symlinks followed) is
    // still inside the root.
    std::optional<OpenFile> open_regular(const std::string& relative) const;
    std::string relative_to_root(const std::string& real) const;

    std::string root_;  // real path, no trailing slash (except "/")
    // Paths that named no file: a PHP route costs no open() per request (single event loop).
    mutable StaticMissCache misses_;
};

// One StaticRoot per directory, opened on first use; a directory that cannot be opened is
// remembered as such (and logged once).
class StaticRoots {
public:
    const StaticRoot* find(const std::string& directory);

private:
    std::map<std::string, std::optional<StaticRoot>> roots_;
};

}  // namespace runtime::net
