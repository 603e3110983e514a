#include "validate.hpp"

#include <algorithm>
#include <cstddef>

#include "runtime/config/values.hpp"

namespace runtime::config::detail {
namespace {


std::string quoted(const std::string& text) { return "'" + text + "'"; }
std::string pool_key(std::size_t index, const std::string& key) {
    return "pools[" + std::to_string(index) + "]" + (key.empty() ? "" : "." + key);
}

class Validator {
public:
    Validator(const Settings& settings, const Origins& origins, const FileSystemProbe& probe)
        : settings_(settings), origins_(origins), probe_(probe) {}

    std::vector<std::string> run() {
        check_listeners();
        check_fastcgi_socket_options();
        check_tls("listen.https", settings_.https_listen.has_value(), settings_.https_tls, true);
        check_tls("listen.admin", settings_.admin_listen && !settings_.admin_listen->is_off(), settings_.admin_tls,
                  false);
        if (settings_.https_redirect_listen && !settings_.https_listen)
            fail("listen.https_redirect", "redirects to the HTTPS listener: set listen.https too");
        check_static_root();
        if (settings_.pools.empty())
            fail("pools", "at least one pool is required; declare pools in the configuration file or give "
                          "--entry (RUNTIME_ENTRY)");
        for (std::size_t i = 0; i < settings_.pools.size(); ++i) check_pool(i);
        check_pool_names();
        check_routes();
        return std::move(errors_);
    }

private:
    void fail(const std::string& path, const std::string& message, const std::string& enclosing = {}) {
        errors_.push_back(located_error(origins_, path, message, enclosing));
    }

    struct Listener {
        std::string key;
        const ListenAddress* address;
    };

    static bool is_wildcard(const std::string& host) { return host == "0.0.0.0" || host == "::" || host.empty(); }

    static bool collide(const ListenAddress& a, const ListenAddress& b) {
        if (a.is_unix() || b.is_unix()) return a.is_unix() && b.is_unix() && a.unix_path == b.unix_path;
        return a.port == b.port && (a.host == b.host || is_wildcard(a.host) || is_wildcard(b.host));
    }

    void check_listeners() {
        std::vector<Listener> listeners;
        if (settings_.http_listen) listeners.push_back({"listen.http", &*settings_.http_listen});
        if (settings_.fastcgi_listen) listeners.push_back({"listen.fastcgi.address", &*settings_.fastcgi_listen});
        if (settings_.admin_listen && !settings_.admin_listen->is_off()) listeners.push_back({"listen.admin", &*settings_.admin_listen});
        if (settings_.https_listen) listeners.push_back({"listen.https.address", &*settings_.https_listen});
        if (settings_.https_redirect_listen)
            listeners.push_back({"listen.https_redirect", &*settings_.https_redirect_listen});
        for (std::size_t i = 0; i < listeners.size(); ++i) {
            const Listener& current = listeners[i];
            if (current.address->is_unix() && current.address->unix_path.size() > max_unix_socket_path)
                fail(current.key, "unix socket path is longer than " + std::to_string(max_unix_socket_path) + " bytes");
            for (std::size_t j = 0; j < i; ++j) {
                if (collide(*current.address, *listeners[j].address))
                    fail(current.key, current.address->to_string() + " conflicts with " + listeners[j].key + " (" +
                                          listeners[j].address->to_string() + ")");
            }
        }
    }

    void check_fastcgi_socket_options() {
        const bool unix_socket = settings_.fastcgi_listen && settings_.fastcgi_listen->is_unix();
        if (unix_socket) return;
        if (!settings_.fastcgi_socket_mode.empty())
            fail("listen.fastcgi.socket_mode", "only applies to a unix socket (listen.fastcgi.address: unix:PATH)");
        if (!settings_.fastcgi_socket_owner.empty())
            fail("listen.fastcgi.socket_owner", "only applies to a unix socket (listen.fastcgi.address: unix:PATH)");
    }

    // Certificate and key files must be readable; their contents are checked when the server
    // loads them (start and SIGHUP).
    void check_tls(const std::string& key, bool listening, const TlsSettings& tls, bool required) {
        if (!listening) {
            // An admin listener turned off (--admin off) simply has no TLS to set up.
            if (required && tls.enabled()) fail(key + ".certificates", "only applies with " + key + ".address");
            return;
        }
        if (required && !tls.enabled())
            fail(key + ".certificates",
                 "at least one certificate is required (cert and key, or --tls-cert and --tls-key)");
        for (std::size_t i = 0; i < tls.certificates.size(); ++i) {
            const TlsCertificate& certificate = tls.certificates[i];
            const std::string item = key + ".certificates[" + std::to_string(i) + "]";
            for (const auto& [name, file] :
                 {std::pair{"cert", &certificate.cert}, std::pair{"key", &certificate.key}}) {
                if (file->empty())
                    fail(item + "." + name, "required: a PEM file", item);
                else if (!probe_.is_readable_file(*file))
                    fail(item + "." + name, quoted(*file) + " is not a readable file", item);
            }
        }
    }

    void check_static_root() {
        const std::string& root = settings_.http.static_root;
        if (!root.empty() && !probe_.is_directory(root)) fail("http.static_root", quoted(root) + " is not a directory");
        for (const std::string& dir : settings_.http.sendfile_roots) {
            if (!probe_.is_directory(dir)) fail("http.sendfile_roots", quoted(dir) + " is not a directory");
        }
    }

    void check_pool(std::size_t index) {
        const PoolSettings& pool = settings_.pools[index];
        const std::string enclosing = pool_key(index, "");
        if (pool.entry.empty()) {
            fail(pool_key(index, "entry"), "required: the PHP front controller (pools[].entry, --entry or RUNTIME_ENTRY)",
                 enclosing);
        } else if (!probe_.is_readable_file(pool.entry)) {
            fail(pool_key(index, "entry"), quoted(pool.entry) + " is not a readable file", enclosing);
        }
        if (!pool.document_root.empty() && !probe_.is_directory(pool.document_root))
            fail(pool_key(index, "document_root"), quoted(pool.document_root) + " is not a directory", enclosing);
        check_site_fallback(index);
        check_direct_dispatch(index);
        if (pool.min_workers > pool.max_workers)
            fail(pool_key(index, "min_workers"),
                 std::to_string(pool.min_workers) + " is more than max_workers (" + std::to_string(pool.max_workers) +
                     ")",
                 enclosing);
        if (pool.watch.enabled && !probe_.is_directory(pool.watch.root))
            fail(pool_key(index, "watch.root"), quoted(pool.watch.root) + " is not a directory", enclosing);
        for (const std::string& dir : pool.site.symlink_roots) {
            if (!probe_.is_directory(dir))
                fail(pool_key(index, "site.symlink_roots"), quoted(dir) + " is not a directory", enclosing);
        }
    }

    // Direct workers own the FastCGI listener: nothing else may be served or routed.
    void check_direct_dispatch(std::size_t index) {
        if (settings_.pools[index].dispatch != Dispatch::direct) return;
        const std::string key = pool_key(index, "dispatch");
        if (!settings_.fastcgi_listen)
            fail(key,
                 "direct needs a FastCGI listener (listen.fastcgi.address or --fastcgi): its workers accept on it");
        if (settings_.http_listen)
            fail(key, "direct serves only the FastCGI listener; remove listen.http (or --listen), or use proxied");
        if (settings_.pools.size() > 1)
            fail(key, "direct needs a single pool: its workers take every connection of the FastCGI listener");
        // The master sees neither queueing nor busy workers: elastic sizing would only shrink.
        if (settings_.pools[index].min_workers != settings_.pools[index].max_workers)
            fail(key, "direct needs a fixed number of workers (min_workers equal to max_workers)");
    }

    // The fallback front controller of a classic site must exist under the document root.
    void check_site_fallback(std::size_t index) {
        const PoolSettings& pool = settings_.pools[index];
        if (pool.mode != Mode::classic || !pool.site.has_fallback() || pool.document_root.empty()) return;
        // Derived from the entry, it is checked as pools[].entry.
        if (origins_.find(pool_key(index, "site.fallback")) == origins_.end()) return;
        const std::string script = pool.document_root + pool.site.fallback;
        if (!probe_.is_readable_file(script))
            fail(pool_key(index, "site.fallback"),
                 quoted(script) + " is not a readable file (the fallback is a path under " +
                     pool_key(index, "document_root") + "; 'off' answers 404 instead)",
                 pool_key(index, ""));
    }

    void check_pool_names() {
        for (std::size_t i = 0; i < settings_.pools.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (settings_.pools[i].name == settings_.pools[j].name)
                    fail(pool_key(i, "name"),
                         "duplicate pool name " + quoted(settings_.pools[i].name) + " (also " + pool_key(j, "") + ")",
                         pool_key(i, ""));
    }

    // Hosts a pool answers for; an empty list means any host ("*").
    static std::vector<std::string> route_hosts(const PoolSettings& pool) {
        return pool.hosts.empty() ? std::vector<std::string>{"*"} : pool.hosts;
    }

    void check_routes() {
        for (std::size_t i = 0; i < settings_.pools.size(); ++i) {
            const PoolSettings& pool = settings_.pools[i];
            for (std::size_t j = 0; j < i; ++j) {
                const PoolSettings& earlier = settings_.pools[j];
                if (pool.path_prefix != earlier.path_prefix) continue;
                for (const std::string& host : route_hosts(pool)) {
                    const auto earlier_hosts = route_hosts(earlier);
                    if (std::find(earlier_hosts.begin(), earlier_hosts.end(), host) == earlier_hosts.end()) continue;
                    fail(pool_key(i, "routing"),
                         "route " + host + pool.path_prefix + " is already served by pool " + quoted(earlier.name) +
                             " (" + pool_key(j, "") + ")",
                         pool_key(i, ""));
                }
            }
        }
    }

    const Settings& settings_;
    const Origins& origins_;
    const FileSystemProbe& probe_;
    std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> validate(const Settings& settings, const Origins& origins, const FileSystemProbe& probe) {
    return Validator(settings, origins, probe).run();
}

}  // namespace runtime::config::detail
