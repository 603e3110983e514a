#pragma once
// php-fpm's scoreboard for direct dispatch: one slot per worker in shared memory. A worker
// writes only its own slot (no syscall per request); the master only reads, to enforce
// request timeouts and to show what each worker does, and raises a slot's retire flag.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"

namespace runtime {

struct ScoreboardSlot {
    std::atomic<std::uint64_t> worker_id{0};          // owner (the master assigns it before the fork)
    std::atomic<std::int64_t> request_started_ns{0};  // CLOCK_MONOTONIC; 0 between requests
    std::atomic<std::uint64_t> requests_served{0};
    // Responses by status class (index status / 100; 0 for anything outside 100..599): the
    // master turns them into the request metrics, so a request needs no report of its own.
    std::atomic<std::uint64_t> responses[6]{};
    std::atomic<std::uint32_t> retire_requested{0};  // master -> worker: stop after this request
    char method[16]{};                               // of the request in flight, for /status
    char uri[256]{};

    // Worker side.
    void begin_request(std::string_view request_method, std::string_view request_uri, std::int64_t now_ns);
    void end_request(std::uint64_t served, int status);
};

// A shared mapping of `slots` slots backed by a memfd, so an exec'd prototype can map it from
// an inherited descriptor and the workers it forks share it.
class Scoreboard {
public:
    static Result<Scoreboard> create(std::size_t slots);
    static Result<Scoreboard> attach(int fd);  // takes ownership of fd
    Scoreboard(Scoreboard&& other) noexcept;
    Scoreboard& operator=(Scoreboard&& other) noexcept;
    Scoreboard(const Scoreboard&) = delete;
    Scoreboard& operator=(const Scoreboard&) = delete;
    ~Scoreboard();

    // Worker ids grow without bound; a slot is reused once its owner is gone.
    // The slots are memory the workers write: a const scoreboard still hands them out.
    ScoreboardSlot& slot_of(std::uint64_t worker_id) const { return slots_[worker_id % count_]; }
    int fd() const { return fd_.get(); }

    static std::int64_t monotonic_ns();

private:
    Scoreboard(UniqueFd fd, ScoreboardSlot* slots, std::size_t count)
        : fd_(std::move(fd)), slots_(slots), count_(count) {}
    void unmap();

    UniqueFd fd_;
    ScoreboardSlot* slots_ = nullptr;
    std::size_t count_ = 0;
};

}  // namespace runtime
