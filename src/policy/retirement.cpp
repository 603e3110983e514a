#include "runtime/policy/retirement.hpp"

#include <array>
#include <chrono>
#include <limits>
#include <optional>

namespace runtime::policy {
namespace {

using config::PolicySettings;
using Verdict = std::optional<Decision>;

struct RuleInput {
    const WorkerSnapshot& worker;
    const PolicySettings& settings;
    TimePoint now;
};

std::uint64_t whole_seconds(Clock::duration d) {
    return d.count() <= 0 ? 0 : static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

Verdict outcome_is(const RuleInput& in, RequestOutcome outcome, RetireReason reason) {
    if (in.worker.last_outcome == outcome) return Decision::retire(reason);
    return std::nullopt;
}

Verdict crashed(const RuleInput& in) { return outcome_is(in, RequestOutcome::crashed, RetireReason::crash); }

Verdict timed_out(const RuleInput& in) {
    return outcome_is(in, RequestOutcome::timeout, RetireReason::exec_timeout);
}

Verdict reset_failed(const RuleInput& in) {
    if (in.worker.unsafe) return Decision::retire(RetireReason::reset_error);
    return outcome_is(in, RequestOutcome::reset_failed, RetireReason::reset_error);
}

Verdict fatal(const RuleInput& in) {
    return outcome_is(in, RequestOutcome::fatal_error, RetireReason::fatal_error);
}

Verdict exited(const RuleInput& in) {
    return outcome_is(in, RequestOutcome::exit_called, RetireReason::exit_called);
}

// Shared shape of the "0 = off, retire at or above the limit" rules.
Verdict at_or_above(std::uint64_t observed, std::uint64_t limit, RetireReason reason) {
    if (limit != 0 && observed >= limit) return Decision::retire(reason, observed, limit);
    return std::nullopt;
}

// Memory ceilings are maxima: being exactly at the ceiling is still allowed.
Verdict above(std::uint64_t observed, std::uint64_t limit, RetireReason reason) {
    if (limit != 0 && observed > limit) return Decision::retire(reason, observed, limit);
    return std::nullopt;
}

Verdict failing_in_a_row(const RuleInput& in) {
    return at_or_above(in.worker.consecutive_failures, in.settings.max_consecutive_failures,
                       RetireReason::consecutive_failures);
}

Verdict rss_too_high(const RuleInput& in) {
    return above(in.worker.rss_bytes, in.settings.max_rss_bytes, RetireReason::memory_rss);
}

Verdict php_memory_too_high(const RuleInput& in) {
    return above(in.worker.php_memory_bytes, in.settings.max_php_memory_bytes, RetireReason::memory_php);
}

Verdict served_enough(const RuleInput& in) {
    return at_or_above(in.worker.requests_served, in.settings.max_requests, RetireReason::max_requests);
}

Verdict duration_reached(Clock::duration elapsed, std::chrono::seconds limit, RetireReason reason) {
    if (limit.count() <= 0 || elapsed < limit) return std::nullopt;
    return Decision::retire(reason, whole_seconds(elapsed), static_cast<std::uint64_t>(limit.count()));
}

Verdict lived_too_long(const RuleInput& in) {
    return duration_reached(in.now - in.worker.started_at, in.settings.ttl, RetireReason::ttl);
}

Verdict idle_too_long(const RuleInput& in) {
    const TimePoint idle_since = in.worker.last_request_finished_at.value_or(in.worker.started_at);
    return duration_reached(in.now - idle_since, in.settings.idle_ttl, RetireReason::idle_ttl);
}

Verdict draining_for(const RuleInput& in, DrainCause cause, RetireReason reason) {
    if (in.worker.draining == cause) return Decision::retire(reason);
    return std::nullopt;
}

Verdict shutting_down(const RuleInput& in) {
    return draining_for(in, DrainCause::shutdown, RetireReason::shutdown);
}

Verdict reloading(const RuleInput& in) { return draining_for(in, DrainCause::reload, RetireReason::reload); }

using Rule = Verdict (*)(const RuleInput&);

enum class When { always, idle_only };

struct RuleEntry {
    Rule check;
    When when;
};

// Precedence, most severe first (docs/policy.md): the first rule that fires names the reason.
// Facts about a broken worker come before limits, limits before planned drains.
// idle_ttl is judged by the idle timer only: right after a request the worker was not idle.
constexpr std::array rules{
    RuleEntry{&crashed, When::always},
    RuleEntry{&timed_out, When::always},
    RuleEntry{&reset_failed, When::always},
    RuleEntry{&fatal, When::always},
    RuleEntry{&exited, When::always},
    RuleEntry{&failing_in_a_row, When::always},
    RuleEntry{&rss_too_high, When::always},
    RuleEntry{&php_memory_too_high, When::always},
    RuleEntry{&served_enough, When::always},
    RuleEntry{&lived_too_long, When::always},
    RuleEntry{&idle_too_long, When::idle_only},
    RuleEntry{&shutting_down, When::always},
    RuleEntry{&reloading, When::always},
};

Decision first_firing(const RuleInput& in, bool idle) {
    for (const RuleEntry& rule : rules) {
        if (rule.when == When::idle_only && !idle) continue;
        if (Verdict verdict = rule.check(in)) return *verdict;
    }
    return Decision::keep();
}

}  // namespace

Decision decide_after_request(const WorkerSnapshot& worker, const PolicySettings& settings, TimePoint now) {
    return first_firing(RuleInput{worker, settings, now}, /*idle=*/false);
}

Decision decide_when_idle(const WorkerSnapshot& worker, const PolicySettings& settings, TimePoint now) {
    return first_firing(RuleInput{worker, settings, now}, /*idle=*/true);
}

bool may_hand_over_before_report(const WorkerSnapshot& worker, const PolicySettings& settings, TimePoint now) {
    WorkerSnapshot worst = worker;
    worst.requests_served += 1;
    if (worst.consecutive_failures < std::numeric_limits<std::uint32_t>::max()) worst.consecutive_failures += 1;
    worst.rss_bytes += worker.rss_bytes / 8;
    worst.php_memory_bytes += worker.php_memory_bytes / 8;
    return !decide_after_request(worst, settings, now).retires();
}

bool hand_over_paused(std::optional<TimePoint> last_slow_turnaround, TimePoint now) {
    return last_slow_turnaround && now - *last_slow_turnaround < hand_over_pause;
}

}  // namespace runtime::policy
