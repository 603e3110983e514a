#include "overlay.hpp"

namespace runtime::config::detail {
namespace {

template <typename Target, typename Value>
void set_if(Target& target, const std::optional<Value>& value) {
    if (value) target = *value;
}

bool has_pool_override(const Overrides& o) {
    return o.entry || o.document_root || o.mode || o.dispatch || o.workers || o.min_workers || o.max_workers ||
           o.watch || o.max_requests || o.max_rss_bytes || o.max_php_memory_bytes || o.request_timeout || o.ttl ||
           o.idle_ttl || o.queue_length || o.queue_wait || o.prototype || o.verify_state;
}

void apply_pool_overrides(PoolSettings& pool, const Overrides& o) {
    set_if(pool.entry, o.entry);
    set_if(pool.document_root, o.document_root);
    set_if(pool.mode, o.mode);
    set_if(pool.dispatch, o.dispatch);
    set_if(pool.workers, o.workers);
    set_if(pool.min_workers, o.min_workers);
    set_if(pool.max_workers, o.max_workers);
    set_if(pool.watch.enabled, o.watch);
    set_if(pool.prototype, o.prototype);
    set_if(pool.verify_state, o.verify_state);
    PolicySettings& policy = pool.policy;
    set_if(policy.max_requests, o.max_requests);
    set_if(policy.max_rss_bytes, o.max_rss_bytes);
    set_if(policy.max_php_memory_bytes, o.max_php_memory_bytes);
    set_if(policy.request_timeout, o.request_timeout);
    set_if(policy.ttl, o.ttl);
    set_if(policy.idle_ttl, o.idle_ttl);
    set_if(policy.queue_length, o.queue_length);
    set_if(policy.queue_wait, o.queue_wait);
}

}  // namespace

void apply_overrides(Settings& settings, const Overrides& o, Origins& origins) {
    set_if(settings.http_listen, o.http_listen);
    set_if(settings.fastcgi_listen, o.fastcgi_listen);
    set_if(settings.admin_listen, o.admin_listen);
    set_if(settings.https_listen, o.https_listen);
    set_if(settings.https_redirect_listen, o.https_redirect_listen);
    if (o.tls_cert || o.tls_key) {
        auto& certificates = settings.https_tls.certificates;
        if (certificates.empty()) certificates.emplace_back();
        set_if(certificates.front().cert, o.tls_cert);
        set_if(certificates.front().key, o.tls_key);
    }
    set_if(settings.log.level, o.log_level);
    set_if(settings.log.format, o.log_format);
    set_if(settings.log.access_log, o.access_log);
    set_if(settings.pid_file, o.pid_file);
    set_if(settings.user, o.user);
    set_if(settings.group, o.group);
    set_if(settings.shutdown_grace, o.shutdown_grace);
    if (has_pool_override(o)) {
        if (settings.pools.empty()) settings.pools.emplace_back();
        apply_pool_overrides(settings.pools.front(), o);
    }
    for (const auto& [key, source] : o.sources) origins[key] = source;
}

}  // namespace runtime::config::detail
