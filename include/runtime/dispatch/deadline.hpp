#pragma once
// A deadline for one pending operation (a socket read or write, a worker request): at expiry
// an action runs (cancel the socket, kill the worker) unless the deadline was disarmed first.
//
// It is a watchdog, not a timer per operation: arm() and disarm() only record the deadline,
// and the one timer is re-armed only when a deadline comes earlier than the time it already
// waits for. When it wakes it compares the clock with the deadline in force and either runs
// the action, sleeps on until the later deadline, or goes idle. A keep-alive connection thus
// costs no timer operation per request (Asio's timeout_watchdog example does the same).
//
// The timer's handler can run after the operation completed, after disarm() or after the
// Deadline is gone: it acts only on the state in force when it runs, held in a shared State.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace runtime::dispatch {

class Deadline {
public:
    using Clock = std::chrono::steady_clock;

    explicit Deadline(const boost::asio::any_io_executor& executor)
        : timer_(executor), state_(std::make_shared<State>()) {
        state_->timer = &timer_;
    }
    ~Deadline() {
        state_->armed = false;
        state_->timer = nullptr;  // the handler may still run, after the timer is gone
        state_->action = nullptr;
    }
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    // Runs `on_expiry` at `at` unless disarm() (or the next arm()) comes first.
    void arm(Clock::time_point at, std::function<void()> on_expiry) {
        state_->armed = true;
        state_->expired = false;
        state_->at = at;
        state_->action = std::move(on_expiry);
        if (!state_->waiting || at < state_->waits_until) wait_until(state_, at);
    }

    // At `at`, cancels `socket`'s pending operations.
    template <typename Socket>
    void arm_cancel(Socket& socket, Clock::time_point at) {
        arm(at, [&socket] {
            boost::system::error_code ignored;
            socket.cancel(ignored);
        });
    }

    // Stops the deadline; true when it had expired (and its action ran). The timer keeps
    // waiting: the next arm() usually comes before it wakes and reuses it.
    bool disarm() {
        state_->armed = false;
        return state_->expired;
    }

private:
    struct State {
        boost::asio::steady_timer* timer = nullptr;
        std::function<void()> action;
        Clock::time_point at{};
        Clock::time_point waits_until{};
        std::uint64_t wait_generation = 0;  // a re-armed timer's earlier wait is ignored
        bool armed = false;
        bool expired = false;
        bool waiting = false;
    };

    static void wait_until(const std::shared_ptr<State>& state, Clock::time_point at) {
        const std::uint64_t generation = ++state->wait_generation;
        state->waiting = true;
        state->waits_until = at;
        state->timer->expires_at(at);
        state->timer->async_wait([state, generation](const boost::system::error_code&) {
            if (generation != state->wait_generation) return;  // superseded by an earlier deadline
            state->waiting = false;
            if (!state->armed || !state->timer) return;  // idle until the next arm()
            if (Clock::now() < state->at) {
                wait_until(state, state->at);  // the deadline moved later meanwhile
                return;
            }
            state->armed = false;
            state->expired = true;
            auto action = std::move(state->action);
            state->action = nullptr;
            action();
        });
    }

    boost::asio::steady_timer timer_;
    std::shared_ptr<State> state_;
};

}  // namespace runtime::dispatch
