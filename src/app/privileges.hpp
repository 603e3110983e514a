#pragma once
// Dropping root after the listeners are bound (ports below 1024, sockets in /run), before
// any PHP process starts: supplementary groups, then the group, then the user.
#include <string>
#include <sys/types.h>

#include "runtime/common/result.hpp"

namespace runtime::app {

struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string user;  // for initgroups; empty when only a group is switched
};

// Looks up `user` (its primary group unless `group` is given) and `group`.
Result<Identity> resolve_identity(const std::string& user, const std::string& group);

// With neither user nor group: nothing to do (a root master only gets a warning, see
// docs/operations.md). Otherwise switches for good and checks root cannot be regained.
// Without root, asking for the identity already in use is accepted; anything else fails.
Result<bool> drop_privileges(const std::string& user, const std::string& group);

}  // namespace runtime::app
