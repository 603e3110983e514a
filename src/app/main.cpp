// runtime-supercharger: the master process (no PHP). See docs/architecture.md.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/process_title.hpp"
#include "runtime/config/command_line.hpp"
#include "runtime/config/cpu_budget.hpp"
#include "runtime/config/loader.hpp"
#include "runtime/config/values.hpp"
#include "runtime/obs/log.hpp"
#include "privileges.hpp"
#include "server.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;

// The worker binary sits next to this one; the PHP runtime in the source tree or install prefix.
runtime::pool::PoolPaths locate_paths() {
    const fs::path self = fs::read_symlink("/proc/self/exe");
    runtime::pool::PoolPaths paths;
    paths.worker_binary = (self.parent_path() / "runtime-supercharger-worker").string();
    if (const char* dir = std::getenv("RUNTIME_PHP_DIR"); dir && *dir) {
        paths.bootstrap = (fs::path(dir) / "worker-bootstrap.php").string();
    } else if (fs::exists(self.parent_path() / "../share/runtime-supercharger/php/worker-bootstrap.php")) {
        paths.bootstrap = fs::canonical(self.parent_path() / "../share/runtime-supercharger/php/worker-bootstrap.php");
    } else {
        paths.bootstrap = RUNTIME_PHP_BOOTSTRAP;
    }
    return paths;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> copies(argv + 1, argv + argc);  // argv is overwritten by the title
    std::vector<std::string_view> args(copies.begin(), copies.end());
    runtime::init_process_title(argc, argv);
    auto invocation = runtime::config::parse_command_line(args);
    if (!invocation) {
        std::fprintf(stderr, "runtime-supercharger: %s\nTry 'runtime-supercharger --help'.\n",
                     invocation.error().message.c_str());
        return 2;
    }
    switch (invocation->command) {
        case runtime::config::Command::help:
            std::cout << runtime::config::usage_text();
            return 0;
        case runtime::config::Command::version:
            std::cout << runtime::config::version_text() << "\n";
            return 0;
        case runtime::config::Command::serve:
            break;
    }
    // SIGHUP re-reads the same sources: the file, this environment and these flags.
    const auto environment = runtime::config::environment_from(environ);
    auto settings = runtime::config::load_settings(*invocation, environment);
    if (!settings) {
        std::fprintf(stderr, "runtime-supercharger: invalid configuration:\n%s\n", settings.error().message.c_str());
        return 1;
    }
    if (invocation->test) {
        // The user and group must exist on this machine, not only be well formed.
        if (auto identity = runtime::app::resolve_identity(settings->user, settings->group); !identity) {
            std::fprintf(stderr, "runtime-supercharger: invalid configuration:\n%s\n", identity.error().message.c_str());
            return 1;
        }
        std::cout << runtime::config::render_effective(*settings);
        std::fprintf(stderr, "runtime-supercharger: configuration is valid\n");
        return 0;
    }
    if (auto logging = runtime::obs::setup_logging(settings->log); !logging) {
        std::fprintf(stderr, "runtime-supercharger: %s\n", logging.error().message.c_str());
        return 1;
    }
    if (!settings->pid_file.empty()) {
        std::ofstream(settings->pid_file) << ::getpid() << "\n";
    }
    const auto paths = locate_paths();
    if (::access(paths.worker_binary.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "runtime-supercharger: worker binary %s is missing\n", paths.worker_binary.c_str());
        return 1;
    }
    runtime::obs::log(spdlog::level::info, "runtime-supercharger {} starting (pid {}, config {})",
                      runtime::config::version_text(), ::getpid(),
                      settings->source_file.empty() ? "flags/environment" : settings->source_file);
    runtime::set_process_title("runtime-supercharger: master");
    const runtime::config::CpuBudget cpu_budget = runtime::config::detect_cpu_budget();
    runtime::obs::log(spdlog::level::info, "usable CPUs: {} ({}); the default for pools[].workers: 0",
                      cpu_budget.cpus, cpu_budget.reason);
    for (const auto& pool : settings->pools) {
        const bool elastic = pool.min_workers < pool.max_workers;
        runtime::obs::log(spdlog::level::info, "configuration loaded: pool {} mode={} workers={}{} entry={}{}",
                          pool.name, runtime::config::to_string(pool.mode),
                          elastic ? std::to_string(pool.min_workers) + ".." : std::string(),
                          elastic ? pool.max_workers : pool.workers, pool.entry, pool.watch.enabled ? " watch=on" : "");
    }
    const std::string pid_file = settings->pid_file;
    runtime::app::Server server(std::move(*settings), paths,
                                [invocation = *invocation, environment, cwd = std::filesystem::current_path()] {
                                    return runtime::config::load_settings(invocation, environment,
                                                                          {.hardware_threads = 0, .working_directory = cwd});
                                });
    const int code = server.run();
    if (!pid_file.empty()) std::filesystem::remove(pid_file);
    return code;
}
