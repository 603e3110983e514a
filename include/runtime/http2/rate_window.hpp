#pragma once
// Counts events (stream resets, control frames) in fixed windows of time: the abuse limits
// of one HTTP/2 connection. Pure: the caller passes the time.
#include <chrono>
#include <cstdint>

namespace runtime::http2 {

class RateWindow {
public:
    using Clock = std::chrono::steady_clock;

    // limit 0: unlimited.
    RateWindow(std::uint32_t limit, Clock::duration window) : limit_(limit), window_(window) {}

    // Counts one event at `now`; true when the window's count went past the limit.
    bool exceeded_after(Clock::time_point now) {
        if (count_ == 0 || now - started_ >= window_) {
            started_ = now;
            count_ = 0;
        }
        ++count_;
        return limit_ != 0 && count_ > limit_;
    }

private:
    std::uint32_t limit_;
    Clock::duration window_;
    Clock::time_point started_{};
    std::uint32_t count_ = 0;
};

}  // namespace runtime::http2
