#include "resolve.hpp"

#include <algorithm>
#include <cctype>

namespace runtime::config::detail {
namespace {

const ListenAddress default_http_listen{.host = "127.0.0.1", .port = 8080, .unix_path = {}};
const ListenAddress default_admin_listen{.host = "127.0.0.1", .port = 9180, .unix_path = {}};

void make_absolute(std::string& path, const std::filesystem::path& base) {
    if (path.empty() || base.empty()) return;
    path = (base / path).lexically_normal().string();  // an absolute `path` replaces `base`
}

bool is_stream(const std::string& destination) { return destination == "stderr" || destination == "stdout"; }

// The entry's URI path under the document root ("/index.php"); "off" when it lies outside.
std::string entry_uri(const PoolSettings& pool) {
    const auto relative = std::filesystem::path(pool.entry).lexically_relative(pool.document_root);
    if (pool.entry.empty() || relative.empty() || *relative.begin() == "..") return "off";
    return "/" + relative.string();
}

void resolve_pool(PoolSettings& pool, const Machine& machine) {
    make_absolute(pool.entry, machine.working_directory);
    make_absolute(pool.document_root, machine.working_directory);
    if (pool.document_root.empty() && !pool.entry.empty())
        pool.document_root = std::filesystem::path(pool.entry).parent_path().string();
    if (pool.workers == 0) pool.workers = std::max(1u, machine.hardware_threads);
    // A fixed pool unless min_workers / max_workers say otherwise; `workers` fills the one not given.
    if (pool.max_workers == 0) pool.max_workers = std::max(pool.workers, pool.min_workers);
    if (pool.min_workers == 0) pool.min_workers = std::min(pool.workers, pool.max_workers);
    make_absolute(pool.watch.root, machine.working_directory);
    if (pool.watch.root.empty() && !pool.document_root.empty()) {
        // A Symfony project serves public/: its sources live one level up.
        const std::filesystem::path root(pool.document_root);
        pool.watch.root = root.filename() == "public" ? root.parent_path().string() : root.string();
    }
    for (std::string& host : pool.hosts)
        std::transform(host.begin(), host.end(), host.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (pool.site.fallback.empty()) pool.site.fallback = entry_uri(pool);
    for (std::string& root : pool.site.symlink_roots) make_absolute(root, machine.working_directory);
    while (pool.path_prefix.size() > 1 && pool.path_prefix.back() == '/') pool.path_prefix.pop_back();
}

}  // namespace

void resolve(Settings& settings, const Machine& machine) {
    if (!settings.http_listen && !settings.fastcgi_listen && !settings.https_listen)
        settings.http_listen = default_http_listen;
    if (!settings.admin_listen) settings.admin_listen = default_admin_listen;
    if (settings.fastcgi_listen && settings.fastcgi_listen->is_unix())
        make_absolute(settings.fastcgi_listen->unix_path, machine.working_directory);

    make_absolute(settings.pid_file, machine.working_directory);
    make_absolute(settings.log.file, machine.working_directory);
    if (!is_stream(settings.log.access_log)) make_absolute(settings.log.access_log, machine.working_directory);
    make_absolute(settings.http.static_root, machine.working_directory);
    for (std::string& root : settings.http.sendfile_roots) make_absolute(root, machine.working_directory);
    for (TlsSettings* tls : {&settings.https_tls, &settings.admin_tls}) {
        for (TlsCertificate& certificate : tls->certificates) {
            make_absolute(certificate.cert, machine.working_directory);
            make_absolute(certificate.key, machine.working_directory);
        }
    }
    for (PoolSettings& pool : settings.pools) {
        resolve_pool(pool, machine);
        pool.slow_request_threshold = settings.log.slow_request_threshold;
    }
}

}  // namespace runtime::config::detail
