#pragma once
// The effective configuration: defaults < file (YAML) < environment < command-line flags.
// Plain values only; loading and validation live in runtime/config/loader.hpp.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace runtime::config {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct ListenAddress {
    std::string host;         // "127.0.0.1", "::1", "0.0.0.0"; empty for unix sockets
    std::uint16_t port = 0;
    std::string unix_path;    // "unix:/run/app.sock" -> "/run/app.sock"
    bool is_unix() const { return !unix_path.empty(); }
    // "off": a listener that may be disabled (listen.admin) and is.
    bool is_off() const { return host.empty() && port == 0 && unix_path.empty(); }
    std::string to_string() const;  // "127.0.0.1:8080", "[::1]:8080" or "unix:/path"
    friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

enum class Mode { worker, classic };
// proxied: the master accepts and hands requests to workers; direct: the workers accept on the
// pool's FastCGI listener themselves (php-fpm's model) and the master only supervises.
enum class Dispatch { proxied, direct };
enum class Driver { native };
enum class LogFormat { text, json };
enum class AccessLogFormat { combined, json };

// Recycling and admission policy of one pool (the policy engine reads these).
struct PolicySettings {
    std::uint64_t max_requests = 500;            // 0 = unlimited
    std::uint64_t max_rss_bytes = 0;             // worker RSS ceiling; 0 = off
    std::uint64_t max_php_memory_bytes = 0;      // memory_get_usage() after reset; 0 = off
    std::uint32_t max_consecutive_failures = 5;  // 0 = off
    seconds ttl{0};                              // max worker lifetime; 0 = off
    seconds idle_ttl{0};                         // retire workers idle this long; 0 = off
    seconds request_timeout{60};                 // exec timeout -> 504 and worker killed; 0 = off
    std::uint32_t queue_length = 1024;           // requests waiting for a worker; beyond -> 503
    milliseconds queue_wait{10000};              // max wait for a worker; beyond -> 503
    seconds backoff_max{30};                     // cap of the respawn backoff after crashes/boot failures
    friend bool operator==(const PolicySettings&, const PolicySettings&) = default;
};

// How a classic-mode pool maps request paths to files over the HTTP listener (docs/configuration.md,
// "Classic sites"); worker-mode pools use only `deny`.
struct SiteSettings {
    std::vector<std::string> index{"index.php"};  // tried in order for a directory
    std::string fallback;                         // front controller URI ("/index.php"), "off"; "" = the entry's
    std::vector<std::string> deny;                // URI path prefixes answered 403
    std::vector<std::string> symlink_roots;       // static files may be symlinked from here (not scripts)
    bool has_fallback() const { return fallback != "off" && !fallback.empty(); }
    friend bool operator==(const SiteSettings&, const SiteSettings&) = default;
};

// Elastic sizing of a pool between min_workers and max_workers (docs/policy.md, "Elastic pools").
struct ScalingSettings {
    milliseconds up_after{1000};            // requests queued or every worker busy this long -> add workers
    seconds idle_after{30};                 // a worker idle this long is removed (never below min_workers)
    seconds cooldown{5};                    // no scale-down this soon after a scale-up
    std::uint64_t memory_budget_bytes = 0;  // sum of the workers' RSS the pool may reach; 0 = off
    friend bool operator==(const ScalingSettings&, const ScalingSettings&) = default;
};

// Development mode: a change under `root` matching `paths` rolls the pool's workers.
struct WatchSettings {
    bool enabled = false;
    std::string root;  // default: the project (document_root's parent if it is public/)
    std::vector<std::string> paths{"src/", "config/", "templates/", ".env*", "public/index.php", "composer.lock"};
    milliseconds debounce{200};  // quiet time after the last change before reloading
    friend bool operator==(const WatchSettings&, const WatchSettings&) = default;
};

struct PoolSettings {
    std::string name = "default";
    Driver driver = Driver::native;
    Mode mode = Mode::worker;
    Dispatch dispatch = Dispatch::proxied;
    std::string entry;                           // front controller (worker) or default script (classic)
    std::string document_root;                   // default: directory of entry
    unsigned workers = 0;                        // 0 = number of CPUs
    // Elastic pool: 0 = `workers` (a fixed pool); resolved to non-zero values, min <= max.
    unsigned min_workers = 0;
    unsigned max_workers = 0;
    ScalingSettings scaling;
    WatchSettings watch;
    PolicySettings policy;
    std::vector<std::string> warmup_services;    // container service ids fetched once at boot
    std::vector<std::string> warmup_callables;   // PHP callables ("Class::method") run once at boot
    std::vector<std::pair<std::string, std::string>> php_ini;  // ini overrides
    std::vector<std::pair<std::string, std::string>> env;      // environment for the app
    std::vector<std::string> hosts;              // routing: Host header values; empty = any
    std::string path_prefix = "/";               // routing: longest prefix wins
    bool verify_state = false;                   // runtime state verifier (diagnostics)
    bool prototype = true;                       // fork workers from a prototype process
    // Not a pool key: log.slow_request_threshold, copied here when the configuration is
    // resolved, because the pool passes it to its workers (a change rolls the workers).
    milliseconds slow_request_threshold{0};
    bool static_files = true;                    // serve files from the document root before PHP (with http.static_files)
    SiteSettings site;
    friend bool operator==(const PoolSettings&, const PoolSettings&) = default;
};

struct LogSettings {
    std::string level = "info";                  // trace, debug, info, warn, error, critical, off
    LogFormat format = LogFormat::text;
    std::string file;                            // empty = stderr
    std::string access_log;                      // empty = off, "stderr", "stdout" or a path
    AccessLogFormat access_format = AccessLogFormat::combined;
    milliseconds slow_request_threshold{0};      // slow log with PHP backtrace; 0 = off
    friend bool operator==(const LogSettings&, const LogSettings&) = default;
};

// One certificate chain (leaf first) and its private key, both PEM files.
struct TlsCertificate {
    std::string cert;
    std::string key;
    friend bool operator==(const TlsCertificate&, const TlsCertificate&) = default;
};

// Mozilla's "intermediate" TLS 1.2 list (forward secret AEAD only); TLS 1.3 suites are OpenSSL's.
inline constexpr const char* default_tls_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// TLS of one listener (TLS 1.2 and 1.3 only). Several certificates: SNI picks the one whose
// names match, the first is the default. Reloaded on SIGHUP.
struct TlsSettings {
    std::vector<TlsCertificate> certificates;  // empty: the listener is plain TCP
    std::string ciphers = default_tls_ciphers;
    bool session_tickets = true;
    bool enabled() const { return !certificates.empty(); }
    friend bool operator==(const TlsSettings&, const TlsSettings&) = default;
};

// Front-end limits and timeouts; defaults follow nginx.
struct HttpSettings {
    std::size_t max_request_line = 8192;
    std::size_t max_header_bytes = 32768;
    std::size_t max_header_count = 100;
    std::uint64_t max_body_bytes = 1024ull * 1024 * 1024;  // 1 GiB; 0 = unlimited
    seconds header_timeout{60};
    seconds body_timeout{60};
    seconds keepalive_timeout{75};
    seconds send_timeout{60};
    std::size_t max_connections = 10000;
    std::string static_root;                     // serve files from here before PHP; empty = pool's document_root
    bool static_files = true;
    std::vector<std::string> sendfile_roots;     // X-Sendfile / X-Accel-Redirect may serve files under these
    bool http2 = true;                           // h2c with prior knowledge on plain listeners
    std::uint32_t http2_max_concurrent_streams = 100;
    std::uint32_t http2_max_resets = 200;           // RST_STREAM per connection per 10 s; beyond: GOAWAY
    std::uint32_t http2_max_control_frames = 1000;  // SETTINGS/PING/PRIORITY/empty DATA per 10 s
    friend bool operator==(const HttpSettings&, const HttpSettings&) = default;
};

struct Settings {
    std::optional<ListenAddress> http_listen;    // default 127.0.0.1:8080 when no listener is given
    std::optional<ListenAddress> fastcgi_listen;
    std::optional<ListenAddress> admin_listen;   // default 127.0.0.1:9180
    TlsSettings admin_tls;                       // listen.admin as a mapping with certificates
    std::optional<ListenAddress> https_listen;   // HTTP over TLS (ALPN h2, http/1.1)
    TlsSettings https_tls;
    std::optional<ListenAddress> https_redirect_listen;  // plain HTTP answering 301 to https://
    std::string fastcgi_socket_mode;             // "0660" for unix sockets
    std::string fastcgi_socket_owner;            // "user:group"
    LogSettings log;
    HttpSettings http;
    std::vector<PoolSettings> pools;             // at least one
    seconds shutdown_grace{30};                  // SIGTERM: in-flight requests may finish within this
    std::string pid_file;
    std::string user;                            // drop privileges after binding
    std::string group;
    std::string source_file;                     // config file path, if any
    friend bool operator==(const Settings&, const Settings&) = default;
};

}  // namespace runtime::config
