#pragma once
// The file of a listening unix socket: clearing a stale one left by an earlier run, and the
// permissions web servers need to connect (mode, owner).
#include <string>

#include "runtime/common/result.hpp"

namespace runtime::net {

struct UnixSocketAccess {
    std::string mode;   // octal, "0660"; empty = keep what bind() created (0600 with our umask)
    std::string owner;  // "user" or "user:group"; empty = keep
};

// Removes `path` if it is a socket nobody accepts on (a previous run died without cleaning
// up). Fails if it exists and is not a socket, or if a server is still listening on it.
Result<bool> clear_stale_socket(const std::string& path);

// chmod/chown of the bound socket file.
Result<bool> apply_socket_access(const std::string& path, const UnixSocketAccess& access);

}  // namespace runtime::net
