#include "runtime/policy/retire_reason.hpp"

namespace runtime::policy {

std::string_view to_string(RetireReason reason) noexcept {
    switch (reason) {
        case RetireReason::crash: return "crash";
        case RetireReason::exec_timeout: return "exec_timeout";
        case RetireReason::reset_error: return "reset_error";
        case RetireReason::fatal_error: return "fatal_error";
        case RetireReason::exit_called: return "exit_called";
        case RetireReason::boot_failure: return "boot_failure";
        case RetireReason::consecutive_failures: return "consecutive_failures";
        case RetireReason::memory_rss: return "memory";
        case RetireReason::memory_php: return "memory";
        case RetireReason::max_requests: return "max_requests";
        case RetireReason::ttl: return "ttl";
        case RetireReason::idle_ttl: return "idle_ttl";
        case RetireReason::shutdown: return "shutdown";
        case RetireReason::reload: return "reload";
        case RetireReason::opcache_restart: return "opcache_restart";
        case RetireReason::scale_down: return "scale_down";
    }
    return "unknown";
}

std::string_view detail_of(RetireReason reason) noexcept {
    switch (reason) {
        case RetireReason::memory_rss: return "rss";
        case RetireReason::memory_php: return "php";
        default: return {};
    }
}

}  // namespace runtime::policy
