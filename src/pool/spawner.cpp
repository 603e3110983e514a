#include "runtime/pool/spawner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace runtime::pool {
namespace {

// Between fork and exec the child still runs the master's signal handlers (Asio's write the
// signal into a pipe the master reads): a SIGTERM for a prototype that has not exec'ed yet
// (back-to-back reloads) would stop the master. Signals stay blocked across fork; the child
// puts handled signals back to their default, as exec would, before it unblocks them.
void default_handled_signals() {
    for (int sig = 1; sig < NSIG; ++sig) {
        struct sigaction current {};
        if (::sigaction(sig, nullptr, &current) != 0) continue;
        if (current.sa_handler == SIG_IGN || current.sa_handler == SIG_DFL) continue;
        struct sigaction reset {};
        reset.sa_handler = SIG_DFL;
        ::sigaction(sig, &reset, nullptr);
    }
}

}  // namespace

Result<SocketAndPipe> make_socket_and_pipe() {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return Error{ErrorCode::no_process, std::string("socketpair: ") + std::strerror(errno)};
    SocketAndPipe out{UniqueFd(sv[0]), UniqueFd(sv[1]), {}, {}};
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        return Error{ErrorCode::no_process, std::string("pipe: ") + std::strerror(errno)};
    out.stderr_read.reset(pipe_fds[0]);
    out.stderr_write.reset(pipe_fds[1]);
    return out;
}

Result<ChildProcess> spawn_child(const std::string& binary, const std::vector<std::string>& args,
                                 const std::vector<std::pair<std::string, std::string>>& environment,
                                 std::span<const int> inherited) {
    auto fds = make_socket_and_pipe();
    if (!fds) return fds.error();
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    sigset_t all, previous;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &previous);
    const pid_t pid = ::fork();
    if (pid != 0) ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0) return Error{ErrorCode::no_process, std::string("fork: ") + std::strerror(errno)};
    if (pid == 0) {
        // Own process group: a terminal's Ctrl-C reaches the master only.
        ::setpgid(0, 0);
        default_handled_signals();
        ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        ::dup2(fds->child_socket.get(), 3);
        ::dup2(fds->stderr_write.get(), STDERR_FILENO);
        // Out of the way first, so that placing one cannot overwrite another.
        constexpr int kParked = 256;
        for (std::size_t i = 0; i < inherited.size(); ++i) ::dup2(inherited[i], kParked + static_cast<int>(i));
        for (std::size_t i = 0; i < inherited.size(); ++i)
            ::dup2(kParked + static_cast<int>(i), 4 + static_cast<int>(i));
        // PHP gets the channel, stdio and what it inherits on purpose only: the listening
        // sockets (and any fd opened without CLOEXEC by the master or a library) must not stay
        // open in the prototype and workers.
        ::close_range(4 + static_cast<unsigned>(inherited.size()), ~0U, 0);
        for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
        ::execv(binary.c_str(), argv.data());
        const std::string msg = "exec " + binary + ": " + std::strerror(errno) + "\n";
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg.data(), msg.size());
        ::_exit(127);
    }
    return ChildProcess{pid, std::move(fds->master_socket), std::move(fds->stderr_read)};
}

}  // namespace runtime::pool
