#include "unix_socket_file.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/common/unique_fd.hpp"

namespace runtime::net {
namespace {

std::string errno_text() { return std::strerror(errno); }

bool someone_listens(const std::string& path) {
    UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe) return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path.copy(address.sun_path, sizeof(address.sun_path) - 1);
    return ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
}

Result<uid_t> user_id(const std::string& name) {
    if (const passwd* entry = ::getpwnam(name.c_str())) return entry->pw_uid;
    return Error{"unknown user '" + name + "'"};
}

Result<gid_t> group_id(const std::string& name) {
    if (const group* entry = ::getgrnam(name.c_str())) return entry->gr_gid;
    return Error{"unknown group '" + name + "'"};
}

}  // namespace

Result<bool> clear_stale_socket(const std::string& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return true;
        return Error{path + ": " + errno_text()};
    }
    if (!S_ISSOCK(info.st_mode)) return Error{path + " exists and is not a socket: refusing to replace it"};
    if (someone_listens(path)) return Error{path + ": another server is listening on this socket"};
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Error{path + ": cannot remove stale socket: " + errno_text()};
    return true;
}

Result<bool> apply_socket_access(const std::string& path, const UnixSocketAccess& access) {
    if (!access.mode.empty()) {
        const auto mode = static_cast<mode_t>(std::stoul(access.mode, nullptr, 8));
        if (::chmod(path.c_str(), mode) != 0) return Error{path + ": chmod " + access.mode + ": " + errno_text()};
    }
    if (!access.owner.empty()) {
        const auto colon = access.owner.find(':');
        auto uid = user_id(access.owner.substr(0, colon));
        if (!uid) return uid.error();
        gid_t gid = static_cast<gid_t>(-1);
        if (colon != std::string::npos) {
            auto found = group_id(access.owner.substr(colon + 1));
            if (!found) return found.error();
            gid = *found;
        }
        if (::chown(path.c_str(), *uid, gid) != 0) return Error{path + ": chown " + access.owner + ": " + errno_text()};
    }
    return true;
}

}  // namespace runtime::net
