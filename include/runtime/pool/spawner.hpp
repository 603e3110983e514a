#pragma once
// Starts worker-binary processes: fork + exec with the IPC socket as fd 3 and stderr on a
// pipe the master reads. Direct workers and the prototype start this way; workers forked by
// the prototype get their socket and stderr pipe over the control socket instead.
#include <sys/types.h>

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"

namespace runtime::pool {

struct ChildProcess {
    pid_t pid = 0;
    UniqueFd channel;      // master's end of the socketpair
    UniqueFd stderr_read;  // the child's stderr
};

struct SocketAndPipe {
    UniqueFd master_socket;
    UniqueFd child_socket;
    UniqueFd stderr_read;
    UniqueFd stderr_write;
};

Result<SocketAndPipe> make_socket_and_pipe();
// `environment` is added to the child's environment only (each pool has its own).
// `inherited` descriptors become fds 4, 5, ... in the child (direct dispatch: the FastCGI
// listener and the scoreboard); every other descriptor but stdio and fd 3 is closed.
Result<ChildProcess> spawn_child(const std::string& binary, const std::vector<std::string>& args,
                                 const std::vector<std::pair<std::string, std::string>>& environment,
                                 std::span<const int> inherited = {});

}  // namespace runtime::pool
