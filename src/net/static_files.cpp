#include "static_files.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <memory>

#include "runtime/http/static_mime.hpp"
#include "runtime/http/static_path.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;

namespace {

std::optional<std::string> real_path(const std::string& path) {
    std::unique_ptr<char, decltype(&::free)> resolved(::realpath(path.c_str(), nullptr), &::free);
    if (!resolved) return std::nullopt;
    return std::string(resolved.get());
}

// The path the kernel opened, symlinks resolved: checked after open(), so a symlink swapped
// in between a check and the open cannot lead outside the root.
std::optional<std::string> opened_path(int fd) {
    std::array<char, PATH_MAX> buffer{};
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t length = ::readlink(link.c_str(), buffer.data(), buffer.size() - 1);
    if (length <= 0) return std::nullopt;
    return std::string(buffer.data(), static_cast<std::size_t>(length));
}

bool is_inside(const std::string& root, const std::string& path) {
    if (root == "/") return true;
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

bool is_get_or_head(const http::RequestHead& head) { return head.method == "GET" || head.method == "HEAD"; }

}  // namespace

Result<StaticRoot> StaticRoot::open(const std::string& directory) {
    const auto root = real_path(directory);
    if (!root) return Error{"static root " + directory + ": cannot resolve"};
    struct stat status {};
    if (::stat(root->c_str(), &status) != 0 || !S_ISDIR(status.st_mode))
        return Error{"static root " + directory + ": not a directory"};
    return StaticRoot(*root);
}

// `real` is a resolved path inside the root.
std::string StaticRoot::relative_to_root(const std::string& real) const {
    return root_ == "/" ? real.substr(1) : real.substr(root_.size() + 1);
}

std::optional<StaticRoot::OpenFile> StaticRoot::open_regular(const std::string& relative) const {
    const std::string path = root_ == "/" ? "/" + relative : root_ + "/" + relative;
    // O_NONBLOCK: opening a FIFO must not stall the event loop (it is refused just below).
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (!fd) return std::nullopt;
    OpenFile file{std::move(fd), {}};
    if (::fstat(file.fd.get(), &file.status) != 0 || !S_ISREG(file.status.st_mode)) return std::nullopt;
    const auto real = opened_path(file.fd.get());
    if (!real || !is_inside(root_, *real)) {
        obs::log(lvl::warn, "static file {} resolves outside {}: not served", path, root_);
        return std::nullopt;
    }
    // A symlink inside the root must not expose what the path rules refuse (dotfiles, PHP sources).
    if (http::check_file_path(relative_to_root(*real))) return std::nullopt;
    return file;
}

std::optional<StaticAnswer> StaticRoot::answer(const http::RequestHead& head) const {
    if (!is_get_or_head(head)) return std::nullopt;
    const auto path = http::resolve_static_path(head.target);
    if (!path) return std::nullopt;
    const auto now = StaticMissCache::Clock::now();
    if (misses_.recently_missing(path.relative, now)) return std::nullopt;
    auto answer = answer_for(path.relative, head);
    if (!answer) misses_.remember_missing(path.relative, now);
    return answer;
}

std::optional<StaticAnswer> StaticRoot::answer_with(const std::string& absolute_path,
                                                    const http::RequestHead& head) const {
    const auto real = real_path(absolute_path);
    if (!real || !is_inside(root_, *real)) return std::nullopt;
    // The application chose the file, but a path built from user input must still not expose
    // dotfiles or PHP sources.
    const std::string relative = relative_to_root(*real);
    if (http::check_file_path(relative)) return std::nullopt;
    return answer_for(relative, head);
}

std::optional<StaticAnswer> StaticRoot::answer_for(const std::string& relative, const http::RequestHead& head) const {
    auto original = open_regular(relative);
    if (!original) return std::nullopt;
    const std::string_view mime_type = http::mime_type_for(relative);

    // Precompressed siblings are looked for only for compressible types.
    std::optional<OpenFile> br;
    std::optional<OpenFile> gzip;
    if (http::is_compressible_type(mime_type)) {
        br = open_regular(relative + std::string(http::coding_suffix(http::ContentCoding::br)));
        gzip = open_regular(relative + std::string(http::coding_suffix(http::ContentCoding::gzip)));
    }
    const auto coding = http::choose_coding(head.find("Accept-Encoding"), {br.has_value(), gzip.has_value()});
    OpenFile& chosen = coding == http::ContentCoding::br ? *br : coding == http::ContentCoding::gzip ? *gzip : *original;

    http::StaticFileFacts facts;
    facts.size = static_cast<std::uint64_t>(chosen.status.st_size);
    facts.mtime = chosen.status.st_mtime;
    facts.mime_type = mime_type;
    facts.coding = coding;
    facts.vary_on_encoding = br.has_value() || gzip.has_value();

    StaticAnswer answer;
    answer.plan = http::plan_static_response(http::StaticRequestFacts::from(head), facts);
    answer.file = std::move(chosen.fd);
    answer.path = relative + std::string(http::coding_suffix(coding));
    return answer;
}

const StaticRoot* StaticRoots::find(const std::string& directory) {
    auto it = roots_.find(directory);
    if (it == roots_.end()) {
        auto root = StaticRoot::open(directory);
        if (!root) obs::log(lvl::warn, "{}: static files disabled for it", root.error().message);
        it = roots_.emplace(directory, root ? std::optional<StaticRoot>(std::move(*root)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
}

}  // namespace runtime::net
