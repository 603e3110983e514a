#pragma once
// Sends and receives file descriptors with a small payload over a unix socket (SCM_RIGHTS).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"

namespace runtime {

struct ReceivedMessage {
    std::string payload;
    std::vector<UniqueFd> fds;
};

// Blocking on a blocking socket; a non-blocking socket must be writable. The whole payload
// goes in one sendmsg (callers keep it small).
Result<bool> send_with_fds(int socket, std::string_view payload, std::span<const int> fds);
// Receives up to max_payload bytes and up to max_fds descriptors; payload empty at EOF.
Result<ReceivedMessage> receive_with_fds(int socket, std::size_t max_payload, std::size_t max_fds);

}  // namespace runtime
