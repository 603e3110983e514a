#pragma once
// Options of the runtime-supercharger-worker process (prototype or worker), passed by the
// master on its command line. Pure: parse and render, no PHP.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/common/result.hpp"

namespace runtime::worker {

enum class Role { prototype, worker };
enum class ExecutionMode { worker, classic };

struct WorkerOptions {
    Role role = Role::worker;
    std::string pool_name = "default";  // for the process title
    int channel_fd = 3;                 // prototype: control socket; worker: its IPC socket
    ExecutionMode mode = ExecutionMode::worker;
    std::string bootstrap;              // the PHP worker bootstrap script
    std::string entry;                  // the app's front controller
    std::string document_root;
    std::uint64_t max_requests = 0;     // worker-side guard; 0 = unlimited
    std::string ini_entries;            // "key=value\n" lines over php.ini
    std::string ini_path;               // php.ini override; empty = library default
    std::vector<std::pair<std::string, std::string>> php_options;  // runtime_supercharger_options()
    std::uint32_t slow_request_threshold_ms = 0;  // slow log with PHP backtrace; 0 = off
    // RSS is read after every Nth request (1 = each, which a memory ceiling needs); between
    // readings request_done reports 0 and the master keeps the last figure.
    std::uint32_t rss_every = 1;
    // Direct dispatch (pools[].dispatch: direct): the inherited FastCGI listener the worker
    // accepts on, and the inherited scoreboard; -1 = proxied (requests come over channel_fd).
    int listen_fd = -1;
    int scoreboard_fd = -1;
    std::uint64_t worker_id = 0;  // its scoreboard slot; a prototype's workers get theirs when forked
    bool direct() const { return listen_fd >= 0; }
};

Result<WorkerOptions> parse_worker_args(std::span<const std::string_view> args);
std::vector<std::string> render_worker_args(const WorkerOptions& options);

}  // namespace runtime::worker
