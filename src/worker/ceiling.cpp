#include "runtime/worker/ceiling.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

#include "ceiling_host.hpp"
#include "runtime/cgi/cgi_params.hpp"
#include "runtime/worker/process.hpp"
#include "runtime_sapi.h"

namespace runtime::worker {
namespace {

// The CGI variables the master would send for a plain GET from a local client.
std::vector<ipc::Pair> request_params(const WorkerOptions& o) {
    http::RequestHead head;
    head.method = "GET";
    head.target = o.ceiling_uri;
    head.headers = {{"Host", "127.0.0.1"}, {"User-Agent", "runtime-supercharger-ceiling"}, {"Accept", "*/*"}};
    cgi::ConnectionInfo connection{"127.0.0.1", 40000, "127.0.0.1", 80, false};
    cgi::ScriptInfo script{o.document_root, o.entry,
                           "/" + std::filesystem::path(o.entry).filename().string(), std::nullopt, {}};
    return cgi::build_cgi_params(head, connection, script);
}

bool start_php_for_ceiling(const WorkerOptions& o) {
    rs_sapi_config config{};
    config.ini_entries = o.ini_entries.c_str();
    config.ini_path = o.ini_path.empty() ? nullptr : o.ini_path.c_str();
    if (rs_php_startup(&config) != 0) return false;
    // The bootstrap reads the entry and document root from its options, as under the master.
    std::vector<std::pair<std::string, std::string>> options{{"entry", o.entry}, {"document_root", o.document_root}};
    options.insert(options.end(), o.php_options.begin(), o.php_options.end());
    std::vector<rs_sapi_pair> pairs;
    for (const auto& [name, value] : options) {
        pairs.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    }
    rs_php_set_options(pairs.data(), pairs.size());
    return true;
}

void print_report(const WorkerOptions& o, const CeilingTally& t) {
    const double rps = t.wall_seconds > 0 ? static_cast<double>(t.timed) / t.wall_seconds : 0;
    const double per_cpu = t.cpu_seconds > 0 ? static_cast<double>(t.timed) / t.cpu_seconds : 0;
    std::printf(
        "{\"uri\":\"%s\",\"requests\":%llu,\"wall_seconds\":%.6f,\"cpu_seconds\":%.6f,\"rps\":%.1f,"
        "\"rps_per_cpu_second\":%.1f,\"non_2xx\":%llu,\"failed\":%llu,\"response_bytes\":%llu,\"last_status\":%d}\n",
        o.ceiling_uri.c_str(), static_cast<unsigned long long>(t.timed), t.wall_seconds, t.cpu_seconds, rps, per_cpu,
        static_cast<unsigned long long>(t.non_2xx), static_cast<unsigned long long>(t.failed),
        static_cast<unsigned long long>(t.response_bytes), t.last_status);
    std::fflush(stdout);
}

}  // namespace

int run_ceiling(const WorkerOptions& options) {
    if (options.document_root.empty() || options.ceiling_uri.find('"') != std::string::npos) {
        std::fprintf(stderr, "ceiling: --document-root is required and --uri must not contain quotes\n");
        return exit_boot_failed;
    }
    if (!start_php_for_ceiling(options)) {
        std::fprintf(stderr, "ceiling: PHP module startup failed\n");
        return exit_boot_failed;
    }
    CeilingHost host(request_params(options), CeilingPlan{options.ceiling_warmup, options.ceiling_requests});
    const rs_sapi_host callbacks = host.callbacks();
    rs_php_set_host(&callbacks);
    int in_request = 0;
    const int status = rs_php_run_worker(options.bootstrap.c_str(), &in_request);
    const CeilingTally& tally = host.tally();
    if (tally.timed == 0) {
        std::fprintf(stderr, "ceiling: no timed request was served (PHP status %d, HTTP %d): %s\n", status,
                     tally.last_status, tally.last_detail.c_str());
        return exit_boot_failed;
    }
    print_report(options, tally);
    return exit_retired;
}

}  // namespace runtime::worker
