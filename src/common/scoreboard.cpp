#include "runtime/common/scoreboard.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <string>
#include <utility>

namespace runtime {
namespace {

static_assert(std::atomic<std::int64_t>::is_always_lock_free, "slots are shared between processes");

void copy_field(char* out, std::size_t capacity, std::string_view text) {
    const std::size_t n = std::min(text.size(), capacity - 1);
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
}

Error system_error(const char* what) { return Error{std::string("scoreboard: ") + what + ": " + std::strerror(errno)}; }

}  // namespace

void ScoreboardSlot::begin_request(std::string_view request_method, std::string_view request_uri, std::int64_t now_ns) {
    copy_field(method, sizeof method, request_method);
    copy_field(uri, sizeof uri, request_uri);
    request_started_ns.store(now_ns, std::memory_order_release);
}

void ScoreboardSlot::end_request(std::uint64_t served, int status) {
    const int status_class = status >= 100 && status < 600 ? status / 100 : 0;
    responses[status_class].fetch_add(1, std::memory_order_relaxed);
    request_started_ns.store(0, std::memory_order_release);
    requests_served.store(served, std::memory_order_relaxed);
}

Result<Scoreboard> Scoreboard::create(std::size_t slots) {
    UniqueFd fd(::memfd_create("runtime-supercharger-scoreboard", 0));
    if (!fd) return system_error("memfd_create");
    if (::ftruncate(fd.get(), static_cast<off_t>(slots * sizeof(ScoreboardSlot))) != 0)
        return system_error("ftruncate");
    auto board = attach(fd.release());
    if (board) {
        for (std::size_t i = 0; i < board->count_; ++i) new (&board->slots_[i]) ScoreboardSlot();
    }
    return board;
}

Result<Scoreboard> Scoreboard::attach(int raw_fd) {
    UniqueFd fd(raw_fd);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return system_error("fstat");
    const std::size_t count = static_cast<std::size_t>(info.st_size) / sizeof(ScoreboardSlot);
    if (count == 0) return Error{"scoreboard: the shared memory holds no slot"};
    void* memory = ::mmap(nullptr, count * sizeof(ScoreboardSlot), PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
    if (memory == MAP_FAILED) return system_error("mmap");
    // The creator constructs the slots; a process that attaches finds them constructed.
    return Scoreboard(std::move(fd), static_cast<ScoreboardSlot*>(memory), count);
}

Scoreboard::Scoreboard(Scoreboard&& other) noexcept
    : fd_(std::move(other.fd_)), slots_(std::exchange(other.slots_, nullptr)), count_(std::exchange(other.count_, 0)) {}

Scoreboard& Scoreboard::operator=(Scoreboard&& other) noexcept {
    if (this != &other) {
        unmap();
        fd_ = std::move(other.fd_);
        slots_ = std::exchange(other.slots_, nullptr);
        count_ = std::exchange(other.count_, 0);
    }
    return *this;
}

Scoreboard::~Scoreboard() { unmap(); }

void Scoreboard::unmap() {
    if (slots_) ::munmap(slots_, count_ * sizeof(ScoreboardSlot));
    slots_ = nullptr;
}

std::int64_t Scoreboard::monotonic_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

}  // namespace runtime
