#include "runtime/worker/process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "direct_host.hpp"
#include "php_host.hpp"
#include "runtime/common/fd_passing.hpp"
#include "runtime/common/process_title.hpp"
#include "runtime/common/scoreboard.hpp"
#include "runtime/ipc/blocking_channel.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/policy/script_policy.hpp"
#include "runtime_sapi.h"

namespace runtime::worker {
namespace {

using Clock = std::chrono::steady_clock;

void report_error(const std::string& message) {
    const std::string line = message + "\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

bool start_php(const WorkerOptions& o) {
    rs_sapi_config config{};
    config.ini_entries = o.ini_entries.c_str();
    config.ini_path = o.ini_path.empty() ? nullptr : o.ini_path.c_str();
    if (rs_php_startup(&config) != 0) return false;
    std::vector<rs_sapi_pair> pairs;
    for (const auto& [name, value] : o.php_options) {
        pairs.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
    rs_php_set_options(pairs.data(), pairs.size());
    return true;
}

// Answers a request for a script that must not run (defense in depth: the master checks
// first) without entering PHP, the way php-fpm answers "Primary script unknown".
bool refuse_script(const rs_sapi_host& host, const char* script) {
    report_error(std::string("primary script unknown: ") + script + " is not a .php file inside the document root");
    const std::string_view content_type = "text/plain; charset=utf-8";
    const rs_sapi_pair header{{"Content-Type", 12}, {content_type.data(), content_type.size()}};
    host.send_head(host.ctx, 404, &header, 1);
    host.write(host.ctx, policy::kScriptNotFoundBody.data(), policy::kScriptNotFoundBody.size());
    host.finish(host.ctx);
    rs_sapi_report report{};
    report.outcome = RS_OUTCOME_OK;
    report.status = 404;
    report.detail = "primary script unknown";
    return host.done(host.ctx, &report) != 0;
}

template <typename Host>
int serve_classic(Host& host, const rs_sapi_host& callbacks, const WorkerOptions& o) {
    rs_sapi_request req;
    while (host.wait_request(req)) {
        const std::string requested = req.script_filename ? req.script_filename : o.entry;
        const auto script = policy::resolve_script(o.document_root, requested);
        if (!script) {
            if (!refuse_script(callbacks, requested.c_str())) break;
            continue;
        }
        if (rs_php_run_classic_request(&req, script->c_str()) != 0) break;
    }
    return exit_retired;
}

// Serves requests from the host until the policy, the master or PHP ends it.
template <typename Host>
int serve_with(Host& host, ipc::BlockingChannel& channel, const WorkerOptions& o) {
    const rs_sapi_host callbacks = host.callbacks();
    rs_php_set_host(&callbacks);
    rs_php_set_slow_threshold(o.slow_request_threshold_ms);
    if (o.mode == ExecutionMode::classic) return serve_classic(host, callbacks, o);

    int in_request = 0;
    const int status = rs_php_run_worker(o.bootstrap.c_str(), &in_request);
    if (!host.ready_sent()) {
        std::string why = host.last_log_line();
        if (why.empty()) why = "the worker script ended with status " + std::to_string(status) + " before serving";
        (void)channel.write(ipc::FrameType::boot_failed, why);
        return exit_boot_failed;
    }
    return exit_retired;
}

// Requests come over the channel from the master (proxied), or from the pool's FastCGI
// listener the worker accepts on itself (direct).
int serve(const WorkerOptions& o, UniqueFd channel_fd, Clock::time_point started) {
    ipc::BlockingChannel channel(std::move(channel_fd));
    if (!o.direct()) {
        PhpHost host(channel, o, started);
        return serve_with(host, channel, o);
    }
    auto board = Scoreboard::attach(::dup(o.scoreboard_fd));
    if (!board) {
        (void)channel.write(ipc::FrameType::boot_failed, board.error().message);
        return exit_boot_failed;
    }
    DirectHost host(channel, o, board->slot_of(o.worker_id), started);
    return serve_with(host, channel, o);
}

// Forks a worker that the master adopts: the intermediate child exits at once, so the
// grandchild is re-parented to the master (a child subreaper) and the master reaps it.
void spawn_worker(int control_fd, const WorkerOptions& o, std::uint64_t worker_id, UniqueFd ipc_fd,
                  UniqueFd stderr_fd) {
    const pid_t child = ::fork();
    if (child < 0) {
        report_error("prototype: fork failed");
        return;
    }
    if (child == 0) {
        const pid_t worker = ::fork();
        if (worker == 0) {
            const auto started = Clock::now();
            ::close(control_fd);
            set_process_title("runtime-supercharger: worker pool " + o.pool_name, "rs: worker");
            ::dup2(stderr_fd.get(), STDERR_FILENO);
            stderr_fd.reset();
            WorkerOptions own = o;
            own.worker_id = worker_id;  // its scoreboard slot
            const int code = serve(own, std::move(ipc_fd), started);
            std::fflush(nullptr);
            ::_exit(code);
        }
        ipc::WorkerSpawned spawned{worker_id, static_cast<std::uint32_t>(worker > 0 ? worker : 0)};
        const std::string frame = ipc::encode_frame(ipc::FrameType::worker_spawned, ipc::encode(spawned));
        (void)send_with_fds(control_fd, frame, {});
        ::_exit(0);
    }
    ipc_fd.reset();
    stderr_fd.reset();
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
}

int run_prototype(const WorkerOptions& o) {
    const int control = o.channel_fd;
    for (;;) {
        auto message = receive_with_fds(control, 4096, 2);
        if (!message) {
            report_error("prototype: " + message.error().message);
            return exit_protocol;
        }
        if (message->payload.empty()) return exit_retired;  // master closed the channel
        ipc::FrameDecoder decoder;
        decoder.feed(message->payload);
        auto frame = decoder.next();
        if (!frame || !frame.value() || frame.value()->type != ipc::FrameType::spawn_worker ||
            message->fds.size() != 2) {
            report_error("prototype: malformed spawn request");
            return exit_protocol;
        }
        auto request = ipc::decode_spawn_worker(frame.value()->payload);
        if (!request) {
            report_error("prototype: " + request.error().message);
            return exit_protocol;
        }
        spawn_worker(control, o, request->worker_id, std::move(message->fds[0]), std::move(message->fds[1]));
    }
}

}  // namespace

int run(const WorkerOptions& options) {
    const auto started = Clock::now();
    // Ctrl-C in a terminal must reach only the master, which stops workers in order.
    ::signal(SIGINT, SIG_IGN);
    if (!start_php(options)) {
        report_error("PHP module startup failed");
        return exit_boot_failed;
    }
    if (options.role == Role::prototype) {
        set_process_title("runtime-supercharger: prototype pool " + options.pool_name, "rs: prototype");
        return run_prototype(options);
    }
    set_process_title("runtime-supercharger: worker pool " + options.pool_name, "rs: worker");
    return serve(options, UniqueFd(options.channel_fd), started);
}

}  // namespace runtime::worker
