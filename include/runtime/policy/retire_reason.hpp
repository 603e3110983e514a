#pragma once
// Why a worker is retired, and the label values the metrics and logs use for it.
#include <array>
#include <cstdint>
#include <string_view>

namespace runtime::policy {

enum class RetireReason {
    crash,                 // the process died unexpectedly
    exec_timeout,          // killed after request_timeout
    reset_error,           // the per-request reset failed (worker unsafe)
    fatal_error,           // PHP fatal error during the request
    exit_called,           // the application called exit()
    boot_failure,          // the worker never became ready
    consecutive_failures,  // max_consecutive_failures failed requests in a row
    memory_rss,            // rss_bytes above max_rss_bytes
    memory_php,            // php_memory_bytes above max_php_memory_bytes
    max_requests,          // served max_requests requests
    ttl,                   // lived longer than ttl
    idle_ttl,              // idle longer than idle_ttl
    shutdown,              // drained because the server stops
    reload,                // drained because a new generation replaces it
    opcache_restart,       // opcache restarts: its classes live in the memory being reset
    scale_down,            // an elastic pool no longer needs it (idle for scaling.idle_after)
};

inline constexpr std::array all_retire_reasons{
    RetireReason::crash,
    RetireReason::exec_timeout,
    RetireReason::reset_error,
    RetireReason::fatal_error,
    RetireReason::exit_called,
    RetireReason::boot_failure,
    RetireReason::consecutive_failures,
    RetireReason::memory_rss,
    RetireReason::memory_php,
    RetireReason::max_requests,
    RetireReason::ttl,
    RetireReason::idle_ttl,
    RetireReason::shutdown,
    RetireReason::reload,
    RetireReason::opcache_restart,
    RetireReason::scale_down,
};

// Metric label value ("reason" label). Both memory reasons share the label "memory".
std::string_view to_string(RetireReason reason) noexcept;

// Finer detail for logs and an optional "detail" label: "rss" / "php" for the memory
// reasons, empty for every other reason.
std::string_view detail_of(RetireReason reason) noexcept;

}  // namespace runtime::policy
