#include "body_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace runtime::worker {
namespace {

UniqueFd open_temp_file() {
    const char* dir = std::getenv("TMPDIR");
    return UniqueFd(::open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
}

}  // namespace

Result<bool> BodySpool::append(std::string_view bytes) {
    if (!file_ && memory_.size() + bytes.size() <= memory_limit_) {
        memory_.append(bytes);
        size_ += bytes.size();
        return true;
    }
    if (!file_) {
        file_ = open_temp_file();
        if (!file_) return Error{std::string("request body temp file: ") + std::strerror(errno)};
        if (::write(file_.get(), memory_.data(), memory_.size()) != static_cast<ssize_t>(memory_.size()))
            return Error{std::string("request body temp file: ") + std::strerror(errno)};
        memory_.clear();
        memory_.shrink_to_fit();
    }
    while (!bytes.empty()) {
        const ssize_t n = ::write(file_.get(), bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error{std::string("request body temp file: ") + std::strerror(errno)};
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        size_ += static_cast<std::size_t>(n);
    }
    return true;
}

std::size_t BodySpool::read(char* out, std::size_t len) {
    if (read_pos_ >= size_) return 0;
    std::size_t n = std::min(len, size_ - read_pos_);
    if (!file_) {
        std::memcpy(out, memory_.data() + read_pos_, n);
    } else {
        const ssize_t got = ::pread(file_.get(), out, n, static_cast<off_t>(read_pos_));
        if (got <= 0) return 0;
        n = static_cast<std::size_t>(got);
    }
    read_pos_ += n;
    return n;
}

void BodySpool::clear() {
    file_.reset();
    if (memory_.capacity() > memory_limit_) memory_ = std::string();
    memory_.clear();
    size_ = 0;
    read_pos_ = 0;
}

}  // namespace runtime::worker
