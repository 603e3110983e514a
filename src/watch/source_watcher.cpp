#include "runtime/watch/source_watcher.hpp"

#include <sys/inotify.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "runtime/common/unique_fd.hpp"
#include "runtime/obs/log.hpp"

namespace runtime::watch {

namespace lvl = spdlog::level;
namespace fs = std::filesystem;

namespace {

// Content changes and renames; IN_ATTRIB so that `touch file` triggers a reload too.
constexpr std::uint32_t watch_mask =
    IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

std::string join(const std::string& directory, const std::string& name) {
    return directory.empty() ? name : directory + "/" + name;
}

}  // namespace

Result<std::shared_ptr<SourceWatcher>> SourceWatcher::start(asio::any_io_executor executor, WatchOptions options,
                                                            OnChange on_change) {
    UniqueFd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!fd) return Error{std::string("inotify_init1: ") + std::strerror(errno)};
    auto watcher = std::make_shared<SourceWatcher>(executor, fd.release(), std::move(options), std::move(on_change));
    // The root for file patterns at the top (.env*), then each pattern's directory.
    watcher->add_directory("");
    for (const WatchPattern& pattern : watcher->patterns_) {
        if (pattern.recursive) {
            watcher->add_tree(pattern.directory);
        } else if (!pattern.directory.empty()) {
            watcher->add_directory(pattern.directory);
        }
    }
    watcher->read_events();
    return watcher;
}

SourceWatcher::SourceWatcher(asio::any_io_executor executor, int inotify_fd, WatchOptions options, OnChange on_change)
    : inotify_(executor, inotify_fd),
      quiet_timer_(executor),
      options_(std::move(options)),
      patterns_(parse_patterns(options_.patterns)),
      on_change_(std::move(on_change)),
      buffer_(64 * 1024) {}

void SourceWatcher::stop() {
    stopped_ = true;
    quiet_timer_.cancel();
    boost::system::error_code ignored;
    inotify_.close(ignored);
}

void SourceWatcher::add_directory(const std::string& relative_dir) {
    const fs::path absolute = relative_dir.empty() ? fs::path(options_.root) : fs::path(options_.root) / relative_dir;
    const int wd = ::inotify_add_watch(inotify_.native_handle(), absolute.c_str(), watch_mask);
    if (wd < 0) {
        // A pattern's directory may not exist (no templates/ in an API app): nothing to watch.
        if (errno != ENOENT && errno != ENOTDIR)
            obs::log(lvl::warn, "watch: cannot watch {}: {}", absolute.string(), std::strerror(errno));
        return;
    }
    directories_[wd] = relative_dir;
}

void SourceWatcher::add_tree(const std::string& relative_dir) {
    add_directory(relative_dir);
    std::error_code error;
    const fs::path top = fs::path(options_.root) / relative_dir;
    for (auto it = fs::recursive_directory_iterator(top, fs::directory_options::skip_permission_denied, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_directory(error) && !it->is_symlink(error))
            add_directory(fs::path(it->path()).lexically_relative(options_.root).string());
    }
}

bool SourceWatcher::in_recursive_pattern(const std::string& relative_dir) const {
    for (const WatchPattern& pattern : patterns_) {
        if (pattern.recursive &&
            (relative_dir == pattern.directory || relative_dir.starts_with(pattern.directory + "/")))
            return true;
    }
    return false;
}

void SourceWatcher::read_events() {
    inotify_.async_read_some(asio::buffer(buffer_),
                             [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
                                 if (ec || self->stopped_) return;
                                 self->handle_events(bytes);
                                 self->read_events();
                             });
}

void SourceWatcher::handle_events(std::size_t bytes) {
    std::size_t offset = 0;
    while (offset + sizeof(inotify_event) <= bytes) {
        inotify_event event{};
        std::memcpy(&event, buffer_.data() + offset, sizeof(event));
        const std::string name = event.len ? std::string(buffer_.data() + offset + sizeof(event)) : std::string();
        offset += sizeof(inotify_event) + event.len;
        if (event.mask & IN_Q_OVERFLOW) {
            note_change("");  // events were lost: something changed
            continue;
        }
        const auto found = directories_.find(event.wd);
        if (found == directories_.end()) continue;
        if (event.mask & IN_IGNORED) {
            directories_.erase(found);
            continue;
        }
        const std::string relative = join(found->second, name);
        if (event.mask & IN_ISDIR) {
            // A new directory below a watched tree (mkdir, or a tree moved in) is watched too.
            if ((event.mask & (IN_CREATE | IN_MOVED_TO)) && in_recursive_pattern(relative)) {
                add_tree(relative);
                note_change(relative);
            }
            continue;
        }
        if (name.empty() || is_scratch_file(name) || !matches(patterns_, relative)) continue;
        note_change(relative);
    }
}

void SourceWatcher::note_change(const std::string& relative_path) {
    pending_.insert(relative_path.empty() ? options_.root : (fs::path(options_.root) / relative_path).string());
    // Editors and `git checkout` write many files in a burst: report once it has been quiet.
    quiet_timer_.expires_after(options_.debounce);
    quiet_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->stopped_ || self->pending_.empty()) return;
        std::vector<std::string> changed(self->pending_.begin(), self->pending_.end());
        self->pending_.clear();
        self->on_change_(std::move(changed));
    });
}

}  // namespace runtime::watch
