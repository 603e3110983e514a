#pragma once
// Settings given outside the configuration file: command-line flags or environment variables.
// Every member is optional; an empty optional leaves the file's (or the default) value alone.
// Pool-level values apply to the first pool, which is created when the file declares none.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "runtime/config/settings.hpp"

namespace runtime::config {

struct Overrides {
    std::optional<std::string> config_file;
    std::optional<ListenAddress> http_listen;
    std::optional<ListenAddress> fastcgi_listen;
    std::optional<ListenAddress> admin_listen;
    std::optional<ListenAddress> https_listen;
    std::optional<ListenAddress> https_redirect_listen;
    std::optional<std::string> tls_cert;  // listen.https.certificates[0]
    std::optional<std::string> tls_key;
    std::optional<std::string> log_level;
    std::optional<LogFormat> log_format;
    std::optional<std::string> access_log;
    std::optional<std::string> pid_file;
    std::optional<std::string> user;
    std::optional<std::string> group;
    std::optional<seconds> shutdown_grace;

    // First pool.
    std::optional<std::string> entry;
    std::optional<std::string> document_root;
    std::optional<Mode> mode;
    std::optional<Dispatch> dispatch;
    std::optional<unsigned> workers;
    std::optional<unsigned> min_workers;
    std::optional<unsigned> max_workers;
    std::optional<bool> watch;
    std::optional<std::uint64_t> max_requests;
    std::optional<std::uint64_t> max_rss_bytes;
    std::optional<std::uint64_t> max_php_memory_bytes;
    std::optional<seconds> request_timeout;
    std::optional<seconds> ttl;
    std::optional<seconds> idle_ttl;
    std::optional<std::uint32_t> queue_length;
    std::optional<milliseconds> queue_wait;
    std::optional<bool> prototype;
    std::optional<bool> verify_state;

    // Configuration key path ("pools[0].workers") -> where the value came from ("--workers",
    // "WORKERS"), so that validation errors can point at the flag or variable to fix.
    std::map<std::string, std::string> sources;
};

}  // namespace runtime::config
