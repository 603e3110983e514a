#include "resident_memory.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <charconv>

namespace runtime::worker {
namespace {

// /proc/self is resolved when the file is opened, so a descriptor inherited over fork would
// report the parent: the child forgets it and opens its own on first use.
int statm_fd = -1;

void forget_in_child() {
    if (statm_fd >= 0) ::close(statm_fd);
    statm_fd = -1;
}

int statm_descriptor() {
    static const bool registered = (::pthread_atfork(nullptr, nullptr, forget_in_child), true);
    (void)registered;
    if (statm_fd < 0) statm_fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    return statm_fd;
}

}  // namespace

std::uint64_t parse_statm_resident(std::string_view statm, std::uint64_t page_size) {
    const auto space = statm.find(' ');
    if (space == std::string_view::npos) return 0;
    const std::string_view rest = statm.substr(space + 1);
    std::uint64_t pages = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), pages);
    if (error != std::errc{} || end == rest.data()) return 0;
    return pages * page_size;
}

std::uint64_t current_rss_bytes() {
    const int fd = statm_descriptor();
    if (fd < 0) return 0;
    char text[128];
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    if (n <= 0) return 0;
    static const auto page_size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return parse_statm_resident(std::string_view(text, static_cast<std::size_t>(n)), page_size);
}

}  // namespace runtime::worker
