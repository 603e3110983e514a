#pragma once
// A deadline for one pending operation (a socket read or write, a worker request): at expiry
// an action runs (cancel the socket, kill the worker) unless the deadline was disarmed first.
//
// A timer that expires while the operation completes can no longer be cancelled: its handler
// is already queued and runs with success after the coroutine has moved on. Each arm() gets a
// generation; a handler of an earlier arm(), or one that runs after disarm() or destruction,
// does nothing, so it can neither cancel the next operation nor touch a finished frame.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace runtime::net {

class Deadline {
public:
    using Clock = std::chrono::steady_clock;

    explicit Deadline(const boost::asio::any_io_executor& executor) : timer_(executor) {}
    ~Deadline() { ++state_->generation; }
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    // Runs `on_expiry` at `at` unless disarm() (or the next arm()) comes first.
    void arm(Clock::time_point at, std::function<void()> on_expiry) {
        const std::uint64_t generation = ++state_->generation;
        state_->expired = false;
        timer_.expires_at(at);
        timer_.async_wait([state = state_, generation, action = std::move(on_expiry)](const boost::system::error_code& ec) {
            if (ec || state->generation != generation) return;
            state->expired = true;
            action();
        });
    }

    // At `at`, cancels `socket`'s pending operations.
    template <typename Socket>
    void arm_cancel(Socket& socket, Clock::time_point at) {
        arm(at, [&socket] {
            boost::system::error_code ignored;
            socket.cancel(ignored);
        });
    }

    // Stops the deadline; true when it had expired (and its action ran).
    bool disarm() {
        timer_.cancel();
        ++state_->generation;
        return state_->expired;
    }

private:
    struct State {
        std::uint64_t generation = 0;
        bool expired = false;
    };

    boost::asio::steady_timer timer_;
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace runtime::net
