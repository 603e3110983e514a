#pragma once
// A Launcher that forks nothing: each "worker" is the far end of a socketpair the test holds,
// with a made-up pid. Signals are recorded, never sent, so a test can never hit a real process.
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/ipc/frame.hpp"
#include "runtime/ipc/messages.hpp"
#include "runtime/pool/launcher.hpp"

namespace runtime::pool::testing {

struct FakeChild {
    std::uint64_t worker_id = 0;
    pid_t pid = 0;
    UniqueFd end;  // the worker's end of its socket
    worker::WorkerOptions options;
};

struct SentSignal {
    pid_t pid = 0;
    int number = 0;
    friend bool operator==(const SentSignal&, const SentSignal&) = default;
};

class FakeLauncher final : public Launcher {
public:
    bool start_prototype(const LaunchSpec&, const worker::WorkerOptions&) override {
        prototype_pid = next_pid++;
        ++prototypes_started;
        return true;
    }
    void drop_prototype(bool terminate) override {
        if (terminate && prototype_pid) {
            signals.push_back({prototype_pid, SIGTERM});
            prototype_pid = 0;
        }
        prototype_closed = !terminate;
    }
    bool has_prototype() const override { return prototype_pid != 0; }
    void kill_prototype() override { signal(prototype_pid, SIGKILL); }
    bool prototype_exited(pid_t pid) override {
        if (pid == 0 || pid != prototype_pid) return false;
        prototype_pid = 0;
        return true;
    }
    Result<LaunchedWorker> launch(std::uint64_t worker_id, const LaunchSpec&, const worker::WorkerOptions& options,
                                  std::weak_ptr<const Worker>) override {
        if (fail_launches) return Error{ErrorCode::no_process, "launch refused by the test"};
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return Error{"socketpair"};
        const pid_t pid = next_pid++;
        children.push_back({worker_id, pid, UniqueFd(sv[1]), options});
        return LaunchedWorker{pid, UniqueFd(sv[0])};
    }
    void signal(pid_t pid, int number) override {
        if (pid > 0) signals.push_back({pid, number});
    }

    bool was_signalled(pid_t pid, int number) const {
        for (const auto& s : signals)
            if (s == SentSignal{pid, number}) return true;
        return false;
    }

    std::vector<FakeChild> children;
    std::vector<SentSignal> signals;
    pid_t next_pid = 900001;
    pid_t prototype_pid = 0;
    int prototypes_started = 0;
    bool prototype_closed = false;
    bool fail_launches = false;
};

// The worker side of the protocol, written as a worker would.
inline bool send_frame(const FakeChild& child, ipc::FrameType type, std::string_view payload) {
    const std::string bytes = ipc::encode_frame(type, payload);
    return ::send(child.end.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

inline bool report_ready(const FakeChild& child) {
    return send_frame(child, ipc::FrameType::worker_ready,
                      ipc::encode(ipc::WorkerReady{static_cast<std::uint32_t>(child.pid), 1'000'000, 50u << 20}));
}

inline bool report_done(const FakeChild& child, std::uint64_t requests_served,
                        RequestOutcome outcome = RequestOutcome::ok) {
    ipc::RequestDone done;
    done.outcome = outcome;
    done.requests_served = requests_served;
    return send_frame(child, ipc::FrameType::request_done, ipc::encode(done));
}

// The frames the master wrote to this worker so far (non-blocking).
inline std::vector<ipc::Frame> frames_received(const FakeChild& child) {
    ipc::FrameDecoder decoder;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(child.end.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0) break;
        decoder.feed({buffer, static_cast<std::size_t>(n)});
    }
    std::vector<ipc::Frame> frames;
    for (;;) {
        auto next = decoder.next();
        if (!next || !next.value()) break;
        frames.push_back(std::move(*next.value()));
    }
    return frames;
}

}  // namespace runtime::pool::testing
