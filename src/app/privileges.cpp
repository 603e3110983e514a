#include "privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/obs/log.hpp"

namespace runtime::app {
namespace {

Error failure(const std::string& what) { return Error{"dropping privileges: " + what + ": " + std::strerror(errno)}; }

}  // namespace

Result<Identity> resolve_identity(const std::string& user, const std::string& group) {
    Identity identity{::getuid(), ::getgid(), {}};
    if (!user.empty()) {
        const passwd* entry = ::getpwnam(user.c_str());
        if (!entry) return Error{"dropping privileges: unknown user '" + user + "'"};
        identity.uid = entry->pw_uid;
        identity.gid = entry->pw_gid;
        identity.user = user;
    }
    if (!group.empty()) {
        const struct group* entry = ::getgrnam(group.c_str());
        if (!entry) return Error{"dropping privileges: unknown group '" + group + "'"};
        identity.gid = entry->gr_gid;
    }
    return identity;
}

Result<bool> drop_privileges(const std::string& user, const std::string& group) {
    if (user.empty() && group.empty()) {
        if (::geteuid() == 0)
            obs::log(spdlog::level::warn, "running as root and no --user given: PHP runs as root too; "
                                          "pass --user/--group (docs/operations.md)");
        return true;
    }
    auto identity = resolve_identity(user, group);
    if (!identity) return identity.error();
    if (::geteuid() != 0) {
        if (identity->uid == ::geteuid() && identity->gid == ::getegid()) return true;
        return Error{"dropping privileges: switching to " + (user.empty() ? group : user) + " needs root"};
    }
    if (!identity->user.empty()) {
        if (::initgroups(identity->user.c_str(), identity->gid) != 0) return failure("initgroups");
    } else if (::setgroups(1, &identity->gid) != 0) {
        return failure("setgroups");
    }
    if (::setgid(identity->gid) != 0) return failure("setgid");
    if (!user.empty() && ::setuid(identity->uid) != 0) return failure("setuid");
    if (!user.empty() && identity->uid != 0 && ::setuid(0) == 0) return Error{"dropping privileges: root could be regained"};
    obs::log(spdlog::level::info, "running as uid={} gid={}", ::getuid(), ::getgid());
    return true;
}

}  // namespace runtime::app
