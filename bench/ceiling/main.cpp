// runtime-ceiling: the in-process ceiling (bench only, not installed). The real SAPI worker
// loop and PHP bootstrap, fed by an in-memory host instead of the master's IPC, so a benchmark
// can tell how fast PHP and the application alone are on one core, with no network and no
// master in the way. bench/benchkit/ceiling.py runs it.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ceiling_host.hpp"
#include "ceiling_options.hpp"
#include "runtime/cgi/cgi_params.hpp"
#include "runtime_sapi.h"

namespace runtime::bench {
namespace {

constexpr int exit_usage = 64;  // EX_USAGE

// The CGI variables the master would send for a plain GET from a local client.
std::vector<cgi::Param> request_params(const CeilingOptions& o) {
    http::RequestHead head;
    head.method = "GET";
    head.target = o.uri;
    head.headers = {{"Host", "127.0.0.1"}, {"User-Agent", "runtime-supercharger-ceiling"}, {"Accept", "*/*"}};
    cgi::ConnectionInfo connection{"127.0.0.1", 40000, "127.0.0.1", 80, false};
    cgi::ScriptInfo script{o.php.document_root,
                           o.php.entry,
                           "/" + std::filesystem::path(o.php.entry).filename().string(),
                           std::nullopt,
                           {}};
    return cgi::build_cgi_params(head, connection, script);
}

bool start_php(const worker::WorkerOptions& o) {
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

void print_report(const CeilingOptions& o, const CeilingTally& t) {
    const double rps = t.wall_seconds > 0 ? static_cast<double>(t.timed) / t.wall_seconds : 0;
    const double per_cpu = t.cpu_seconds > 0 ? static_cast<double>(t.timed) / t.cpu_seconds : 0;
    std::printf(
        "{\"uri\":\"%s\",\"requests\":%llu,\"wall_seconds\":%.6f,\"cpu_seconds\":%.6f,\"rps\":%.1f,"
        "\"rps_per_cpu_second\":%.1f,\"non_2xx\":%llu,\"failed\":%llu,\"response_bytes\":%llu,\"last_status\":%d}\n",
        o.uri.c_str(), static_cast<unsigned long long>(t.timed), t.wall_seconds, t.cpu_seconds, rps, per_cpu,
        static_cast<unsigned long long>(t.non_2xx), static_cast<unsigned long long>(t.failed),
        static_cast<unsigned long long>(t.response_bytes), t.last_status);
    std::fflush(stdout);
}

int run(const CeilingOptions& options) {
    if (!start_php(options.php)) {
        std::fprintf(stderr, "ceiling: PHP module startup failed\n");
        return EXIT_FAILURE;
    }
    CeilingHost host(request_params(options), CeilingPlan{options.warmup, options.requests});
    const rs_sapi_host callbacks = host.callbacks();
    rs_php_set_host(&callbacks);
    int in_request = 0;
    const int status = rs_php_run_worker(options.php.bootstrap.c_str(), &in_request);
    const CeilingTally& tally = host.tally();
    if (tally.timed == 0) {
        std::fprintf(stderr, "ceiling: no timed request was served (PHP status %d, HTTP %d): %s\n", status,
                     tally.last_status, tally.last_detail.c_str());
        return EXIT_FAILURE;
    }
    print_report(options, tally);
    return EXIT_SUCCESS;
}

}  // namespace
}  // namespace runtime::bench

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    const auto options = runtime::bench::parse_ceiling_args(args);
    if (!options) {
        std::fprintf(stderr, "%s\n%s", options.error().message.c_str(), runtime::bench::ceiling_usage());
        return runtime::bench::exit_usage;
    }
    if (options->help) {
        std::fputs(runtime::bench::ceiling_usage(), stdout);
        return EXIT_SUCCESS;
    }
    return runtime::bench::run(options.value());
}
