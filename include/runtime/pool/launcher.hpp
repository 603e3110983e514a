#pragma once
// Starting and signalling a pool's processes, behind an interface so that the pool's lifecycle
// is unit-tested with a fake launcher (no fork). The process launcher runs the prototype (which
// forks workers with the app's code already compiled), starts workers itself when there is no
// prototype, and relays every process's stderr to the log.
#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"
#include "runtime/ipc/worker_link.hpp"
#include "runtime/pool/worker.hpp"
#include "runtime/worker/options.hpp"

namespace runtime::pool {

namespace asio = boost::asio;

// What every PHP process of the pool starts with.
struct LaunchSpec {
    std::string binary;
    std::vector<std::pair<std::string, std::string>> environment;  // added to the child's only
    std::vector<int> inherited;  // become fds 4, 5, ... (direct dispatch: listener, scoreboard)
};

struct LaunchedWorker {
    pid_t pid = 0;     // 0: the prototype forks it and reports the pid later (on_forked)
    UniqueFd channel;  // the master's end of the worker's socket
};

class Launcher {
public:
    // The prototype reported the pid of a worker it forked.
    using ForkedHandler = std::function<void(std::uint64_t worker_id, pid_t pid)>;

    virtual ~Launcher() = default;

    // Starts a prototype for the pool's current code; false if it could not (workers are then
    // started directly). An earlier prototype is dropped first.
    virtual bool start_prototype(const LaunchSpec& spec, const worker::WorkerOptions& options) = 0;
    // terminate (reload): the old prototype is sent SIGTERM and forgotten. Otherwise (shutdown)
    // its socket is closed, it exits on EOF and has_prototype() holds until its exit is reaped.
    virtual void drop_prototype(bool terminate) = 0;
    virtual bool has_prototype() const = 0;
    // Shutdown grace period over: SIGKILL.
    virtual void kill_prototype() = 0;
    // The pid exited: true if it was the prototype (now forgotten).
    virtual bool prototype_exited(pid_t pid) = 0;

    // A worker, through the prototype when one runs. Its stderr lines are logged with the
    // worker's current request.
    virtual Result<LaunchedWorker> launch(std::uint64_t worker_id, const LaunchSpec& spec,
                                          const worker::WorkerOptions& options, std::weak_ptr<const Worker> worker) = 0;
    // The only way the pool signals a process.
    virtual void signal(pid_t pid, int signal_number) = 0;
};

class ProcessLauncher final : public Launcher {
public:
    ProcessLauncher(asio::any_io_executor executor, std::string pool_name, ForkedHandler on_forked);
    ~ProcessLauncher() override;

    bool start_prototype(const LaunchSpec& spec, const worker::WorkerOptions& options) override;
    void drop_prototype(bool terminate) override;
    bool has_prototype() const override { return prototype_pid_ > 0; }
    void kill_prototype() override { signal(prototype_pid_, SIGKILL); }
    bool prototype_exited(pid_t pid) override;
    Result<LaunchedWorker> launch(std::uint64_t worker_id, const LaunchSpec& spec, const worker::WorkerOptions& options,
                                  std::weak_ptr<const Worker> worker) override;
    void signal(pid_t pid, int signal_number) override;

private:
    asio::awaitable<void> read_prototype(std::shared_ptr<ipc::WorkerLink> link);
    // `pid`: the writer's pid when known at start (a prototype); a worker's is read from its
    // record (0 until the prototype reports it).
    asio::awaitable<void> relay_stderr(int fd, std::weak_ptr<const Worker> worker, std::string role, pid_t pid);

    asio::any_io_executor executor_;
    std::string pool_name_;
    ForkedHandler on_forked_;
    pid_t prototype_pid_ = 0;
    std::shared_ptr<ipc::WorkerLink> prototype_link_;  // shared with its reader coroutine
    int prototype_control_fd_ = -1;
};

}  // namespace runtime::pool
