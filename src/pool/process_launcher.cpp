#include <signal.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime/common/fd_passing.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/obs/app_log_level.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/pool/launcher.hpp"
#include "runtime/pool/spawner.hpp"

namespace runtime::pool {

namespace lvl = spdlog::level;

ProcessLauncher::ProcessLauncher(asio::any_io_executor executor, std::string pool_name, ForkedHandler on_forked)
    : executor_(std::move(executor)), pool_name_(std::move(pool_name)), on_forked_(std::move(on_forked)) {}

ProcessLauncher::~ProcessLauncher() {
    if (prototype_pid_ > 0) ::kill(prototype_pid_, SIGKILL);
}

bool ProcessLauncher::start_prototype(const LaunchSpec& spec, const worker::WorkerOptions& options) {
    drop_prototype(/*terminate=*/true);
    auto child = spawn_child(spec.binary, worker::render_worker_args(options), spec.environment, spec.inherited);
    if (!child) {
        obs::log(lvl::err, "pool {}: cannot start the prototype: {}", pool_name_, child.error().message);
        return false;
    }
    prototype_pid_ = child->pid;
    prototype_control_fd_ = child->channel.get();
    prototype_link_ = std::make_shared<ipc::WorkerLink>(executor_, std::move(child->channel));
    const int stderr_fd = child->stderr_read.release();
    asio::co_spawn(executor_, relay_stderr(stderr_fd, {}, "prototype", prototype_pid_), asio::detached);
    asio::co_spawn(executor_, read_prototype(prototype_link_), asio::detached);
    obs::log(lvl::info, "pool {}: prototype started pid={}", pool_name_, prototype_pid_);
    return true;
}

void ProcessLauncher::drop_prototype(bool terminate) {
    if (prototype_link_) prototype_link_->close();  // it exits on EOF
    prototype_link_.reset();
    prototype_control_fd_ = -1;
    if (!terminate) return;  // shutdown: tracked until it has exited
    // Reload: the new prototype takes its place at once; the old one's exit is not awaited.
    if (prototype_pid_ > 0) ::kill(prototype_pid_, SIGTERM);
    prototype_pid_ = 0;
}

bool ProcessLauncher::prototype_exited(pid_t pid) {
    if (pid <= 0 || pid != prototype_pid_) return false;
    prototype_pid_ = 0;
    prototype_link_.reset();
    prototype_control_fd_ = -1;
    return true;
}

asio::awaitable<void> ProcessLauncher::read_prototype(std::shared_ptr<ipc::WorkerLink> link) {
    for (;;) {
        auto frame = co_await link->read();
        if (!frame) co_return;  // the prototype exited or was dropped
        if (frame->type != ipc::FrameType::worker_spawned) continue;
        auto spawned = ipc::decode_worker_spawned(frame->payload);
        if (spawned && spawned->pid > 0 && link == prototype_link_)
            on_forked_(spawned->worker_id, static_cast<pid_t>(spawned->pid));
    }
}

Result<LaunchedWorker> ProcessLauncher::launch(std::uint64_t worker_id, const LaunchSpec& spec,
                                               const worker::WorkerOptions& options,
                                               std::weak_ptr<const Worker> worker) {
    LaunchedWorker launched;
    int stderr_fd = -1;
    if (prototype_pid_ > 0) {
        auto fds = make_socket_and_pipe();
        if (!fds) return fds.error();
        const std::string frame =
            ipc::encode_frame(ipc::FrameType::spawn_worker, ipc::encode(ipc::SpawnWorker{worker_id}));
        const int pass[] = {fds->child_socket.get(), fds->stderr_write.get()};
        if (auto sent = send_with_fds(prototype_control_fd_, frame, pass); !sent)
            return Error{ErrorCode::no_process, "prototype spawn request failed: " + sent.error().message};
        launched.channel = std::move(fds->master_socket);
        stderr_fd = fds->stderr_read.release();
    } else {
        auto child = spawn_child(spec.binary, worker::render_worker_args(options), spec.environment, spec.inherited);
        if (!child) return child.error();
        launched.pid = child->pid;
        launched.channel = std::move(child->channel);
        stderr_fd = child->stderr_read.release();
    }
    asio::co_spawn(executor_, relay_stderr(stderr_fd, std::move(worker), "worker", 0), asio::detached);
    return launched;
}

void ProcessLauncher::signal(pid_t pid, int signal_number) {
    if (pid > 0) ::kill(pid, signal_number);
}

asio::awaitable<void> ProcessLauncher::relay_stderr(int fd, std::weak_ptr<const Worker> worker, std::string role,
                                                    pid_t pid) {
    asio::posix::stream_descriptor pipe(executor_, fd);
    asio::streambuf buffer(1024 * 1024);
    pid_t last_pid = pid;
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n =
            co_await asio::async_read_until(pipe, buffer, '\n', asio::redirect_error(asio::use_awaitable, ec));
        if (ec && n == 0) co_return;
        std::string line(asio::buffers_begin(buffer.data()),
                         asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n));
        buffer.consume(n);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        std::vector<obs::LogField> fields{{"pool", pool_name_}, {"prototype_pid", std::to_string(last_pid), true}};
        if (auto w = worker.lock()) {
            last_pid = w->pid;
            fields = log_fields_of(pool_name_, *w);  // with the request the line was written in
        }
        obs::log_with(obs::relayed_line_level(line), fields, "{} pid={} pool={}: {}", role, last_pid, pool_name_, line);
    }
}

}  // namespace runtime::pool
