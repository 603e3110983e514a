#pragma once
// Wakes one waiting coroutine: "something changed, look again". A notify() with nobody
// waiting is kept, so a wake-up between checking and waiting is never lost.
#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace runtime::net {

namespace asio = boost::asio;

class AsyncSignal {
public:
    using Clock = std::chrono::steady_clock;

    explicit AsyncSignal(const boost::asio::any_io_executor& executor) : timer_(executor) {}

    void notify() {
        pending_ = true;
        timer_.cancel();
    }

    // True when notified, false when `deadline` came first.
    boost::asio::awaitable<bool> wait(Clock::time_point deadline = Clock::time_point::max()) {
        if (!pending_) {
            timer_.expires_at(deadline);
            boost::system::error_code ec;
            co_await timer_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        }
        const bool notified = pending_;
        pending_ = false;
        co_return notified;
    }

private:
    boost::asio::steady_timer timer_;
    bool pending_ = false;
};

}  // namespace runtime::net
