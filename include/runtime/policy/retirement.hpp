#pragma once
// Worker retirement: keep or retire a worker, with the most severe reason that applies.
#include <chrono>
#include <cstdint>
#include <optional>

#include "runtime/config/settings.hpp"
#include "runtime/policy/retire_reason.hpp"
#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy {

enum class Action { keep, retire };

struct Decision {
    Action action = Action::keep;
    RetireReason reason = RetireReason::crash;  // meaningful only when action == retire
    // The measurement that tripped a limit and the limit itself, for log lines:
    // bytes (memory), requests (max_requests), failures (consecutive_failures),
    // seconds (ttl, idle_ttl); zero for reasons without a threshold.
    std::uint64_t observed = 0;
    std::uint64_t limit = 0;

    static Decision keep() noexcept { return {}; }
    static Decision retire(RetireReason why, std::uint64_t observed = 0, std::uint64_t limit = 0) noexcept {
        return {Action::retire, why, observed, limit};
    }
    [[nodiscard]] bool retires() const noexcept { return action == Action::retire; }
    friend bool operator==(const Decision&, const Decision&) = default;
};

// Called when a request has finished (snapshot already updated for it: counters,
// memory measured after the reset, consecutive_failures via consecutive_failures_after).
// Evaluates every rule except idle_ttl.
Decision decide_after_request(const WorkerSnapshot& worker, const config::PolicySettings& settings,
                              TimePoint now);

// Called by the periodic timer for idle (not busy) workers. Evaluates every rule,
// including idle_ttl. Busy workers are judged by decide_after_request when they finish.
Decision decide_when_idle(const WorkerSnapshot& worker, const config::PolicySettings& settings,
                          TimePoint now);

// Turnaround hiding: may the next request be handed to a worker whose response is complete
// but whose report (sent after its reset) is not read yet? `worker` is the snapshot before
// that report. Only when no rule could fire after the current request even if it failed
// (consecutive failures), counted (max_requests) and grew memory by an eighth; what remains
// unforeseeable defers the retirement by the one handed request, or, when the worker exits
// on its own (fatal error, exit(), failed reset), the handed request goes back to the queue
// unread.
bool may_hand_over_before_report(const WorkerSnapshot& worker, const config::PolicySettings& settings, TimePoint now);

// A turnaround (response end to report) longer than this means the app works after the
// response (kernel.terminate listeners sending mail, say): a request handed over would wait
// for that work while another worker might free up first, so the pool stops handing over for
// a while after one. Well above a reset (tens of µs) plus a scheduling delay on a busy machine
// (a few ms), so that only real work pauses it.
inline constexpr std::chrono::milliseconds slow_turnaround{50};
inline constexpr std::chrono::seconds hand_over_pause{10};
bool hand_over_paused(std::optional<TimePoint> last_slow_turnaround, TimePoint now);

}  // namespace runtime::policy
