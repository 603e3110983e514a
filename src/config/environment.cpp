#include "environment.hpp"

#include "field_parsers.hpp"
#include "override_binding.hpp"
#include "runtime/config/keys.hpp"

namespace runtime::config {
namespace detail {
namespace {

struct Variable {
    std::string_view name;
    std::string_view key;  // configuration key path it overrides
    AssignOverride assign;
};

// Applied in this order, so a later variable for the same key wins (RUNTIME_WORKERS over WORKERS).
// One variable per line reads as a table.
// clang-format off
const std::vector<Variable>& variables() {
    // One row per line, as the docs list them.
    // clang-format off
    static const std::vector<Variable> table{
        {"RUNTIME_CONFIG", "config", assign_to(&Overrides::config_file, fields::non_empty_text)},
        {"RUNTIME_LISTEN", "listen.http", assign_to(&Overrides::http_listen, fields::tcp_address)},
        {"RUNTIME_FASTCGI", "listen.fastcgi.address", assign_to(&Overrides::fastcgi_listen, fields::tcp_or_unix_address)},
        {"RUNTIME_ADMIN", "listen.admin", assign_to(&Overrides::admin_listen, fields::tcp_address_or_off)},
        {"RUNTIME_HTTPS", "listen.https.address", assign_to(&Overrides::https_listen, fields::tcp_address)},
        {"RUNTIME_TLS_CERT", "listen.https.certificates[0].cert", assign_to(&Overrides::tls_cert, fields::non_empty_text)},
        {"RUNTIME_TLS_KEY", "listen.https.certificates[0].key", assign_to(&Overrides::tls_key, fields::non_empty_text)},
        {"RUNTIME_HTTPS_REDIRECT", "listen.https_redirect", assign_to(&Overrides::https_redirect_listen, fields::tcp_address)},
        {"RUNTIME_LOG_LEVEL", "log.level", assign_to(&Overrides::log_level, parse_log_level)},
        {"RUNTIME_LOG_FORMAT", "log.format", assign_to(&Overrides::log_format, parse_log_format)},
        {"RUNTIME_ACCESS_LOG", "log.access_log", assign_to(&Overrides::access_log, fields::access_log)},
        {"RUNTIME_PID_FILE", "pid_file", assign_to(&Overrides::pid_file, fields::text)},
        {"RUNTIME_USER", "user", assign_to(&Overrides::user, fields::text)},
        {"RUNTIME_GROUP", "group", assign_to(&Overrides::group, fields::text)},
        {"RUNTIME_SHUTDOWN_GRACE", "shutdown_grace", assign_to(&Overrides::shutdown_grace, parse_whole_seconds)},
        {"RUNTIME_ENTRY", "pools[0].entry", assign_to(&Overrides::entry, fields::non_empty_text)},
        {"RUNTIME_DOCUMENT_ROOT", "pools[0].document_root", assign_to(&Overrides::document_root, fields::non_empty_text)},
        {"RUNTIME_MODE", "pools[0].mode", assign_to(&Overrides::mode, parse_mode)},
        {"RUNTIME_DISPATCH", "pools[0].dispatch", assign_to(&Overrides::dispatch, parse_dispatch)},
        {"WORKERS", "pools[0].workers", assign_to(&Overrides::workers, fields::workers)},
        {"RUNTIME_WORKERS", "pools[0].workers", assign_to(&Overrides::workers, fields::workers)},
        {"RUNTIME_MIN_WORKERS", "pools[0].min_workers", assign_to(&Overrides::min_workers, fields::workers)},
        {"RUNTIME_MAX_WORKERS", "pools[0].max_workers", assign_to(&Overrides::max_workers, fields::workers)},
        {"RUNTIME_WATCH", "pools[0].watch.enabled", assign_to(&Overrides::watch, parse_bool)},
        {"RUNTIME_PROTOTYPE", "pools[0].prototype", assign_to(&Overrides::prototype, parse_bool)},
        {"RUNTIME_VERIFY_STATE", "pools[0].verify_state", assign_to(&Overrides::verify_state, parse_bool)},
        {"MAX_REQUESTS", "pools[0].policy.max_requests", assign_to(&Overrides::max_requests, fields::request_count)},
        {"MAX_RSS", "pools[0].policy.max_rss", assign_to(&Overrides::max_rss_bytes, fields::byte_size)},
        {"MAX_PHP_MEMORY", "pools[0].policy.max_php_memory", assign_to(&Overrides::max_php_memory_bytes, fields::byte_size)},
        {"REQUEST_TIMEOUT", "pools[0].policy.request_timeout", assign_to(&Overrides::request_timeout, parse_whole_seconds)},
        {"RUNTIME_WORKER_TTL", "pools[0].policy.ttl", assign_to(&Overrides::ttl, parse_whole_seconds)},
        {"RUNTIME_IDLE_TTL", "pools[0].policy.idle_ttl", assign_to(&Overrides::idle_ttl, parse_whole_seconds)},
        {"RUNTIME_QUEUE_LENGTH", "pools[0].policy.queue_length", assign_to(&Overrides::queue_length, fields::small_count)},
        {"RUNTIME_QUEUE_WAIT", "pools[0].policy.queue_wait", assign_to(&Overrides::queue_wait, parse_duration)},
    };
    // clang-format on
    return table;
}
// clang-format on

}  // namespace

EnvironmentOverrides environment_overrides(const std::map<std::string, std::string>& environment) {
    EnvironmentOverrides result;
    for (const Variable& variable : variables()) {
        auto found = environment.find(std::string(variable.name));
        if (found == environment.end() || found->second.empty()) continue;
        if (auto problem = variable.assign(result.overrides, found->second)) {
            result.errors.push_back("environment " + std::string(variable.name) + ": " + *problem);
            continue;
        }
        result.overrides.sources[std::string(variable.key)] = "environment " + std::string(variable.name);
    }
    return result;
}

}  // namespace detail

std::vector<std::string> known_environment_variables() {
    std::vector<std::string> names;
    for (const auto& variable : detail::variables()) names.emplace_back(variable.name);
    return names;
}

}  // namespace runtime::config
