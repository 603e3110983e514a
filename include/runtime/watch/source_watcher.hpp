#pragma once
// Development mode: watches an application's sources with inotify on the master's io_context
// and reports changed files once they have been quiet for the debounce time.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/common/result.hpp"
#include "runtime/watch/watch_patterns.hpp"

namespace runtime::watch {

namespace asio = boost::asio;

struct WatchOptions {
    std::string root;                   // absolute
    std::vector<std::string> patterns;  // pools[].watch.paths
    std::chrono::milliseconds debounce{200};
};

class SourceWatcher : public std::enable_shared_from_this<SourceWatcher> {
public:
    // Absolute paths of the files that changed (created, written, moved or deleted).
    using OnChange = std::function<void(std::vector<std::string> changed)>;

    static Result<std::shared_ptr<SourceWatcher>> start(asio::any_io_executor executor, WatchOptions options,
                                                        OnChange on_change);
    // Closes the inotify descriptor; no callback runs afterwards.
    void stop();
    std::size_t watched_directories() const { return directories_.size(); }

    SourceWatcher(asio::any_io_executor executor, int inotify_fd, WatchOptions options, OnChange on_change);

private:
    void add_tree(const std::string& relative_dir);
    void add_directory(const std::string& relative_dir);
    void read_events();
    void handle_events(std::size_t bytes);
    void note_change(const std::string& relative_path);
    bool in_recursive_pattern(const std::string& relative_dir) const;

    asio::posix::stream_descriptor inotify_;  // owns the inotify fd
    asio::steady_timer quiet_timer_;
    WatchOptions options_;
    std::vector<WatchPattern> patterns_;
    OnChange on_change_;
    std::map<int, std::string> directories_;  // watch descriptor -> directory relative to root
    std::set<std::string> pending_;
    std::vector<char> buffer_;
    bool stopped_ = false;
};

}  // namespace runtime::watch
