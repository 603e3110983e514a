// runtime-hop-floor (bench only, not installed): the server's dispatch hops with no PHP and no
// server logic behind them, on this machine's kernel and hypervisor. bench/cost.sh --floor loads
// it like the server, so the CPU a request costs in the hops alone is measured in the same run
// as the server, php-fpm and the in-process ceiling.
//
//   runtime-hop-floor http    --listen 127.0.0.1:PORT          [--workers N] [--body-bytes B]
//   runtime-hop-floor fastcgi --listen 127.0.0.1:PORT|unix:PATH [--workers N] [--body-bytes B]
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fastcgi_null.hpp"
#include "floor_common.hpp"
#include "http_relay.hpp"

namespace {

constexpr int exit_usage = 64;  // EX_USAGE

int usage(const char* why) {
    std::fprintf(stderr,
                 "runtime-hop-floor: %s\nusage: runtime-hop-floor http|fastcgi --listen ADDRESS [--workers N] "
                 "[--body-bytes B]\n",
                 why);
    return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
    using runtime::bench::floor::FloorOptions;
    if (argc < 2) return usage("a mode is required");
    const std::string_view mode = argv[1];
    FloorOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) return usage("every option takes a value");
        const char* value = argv[++i];
        if (flag == "--listen") {
            options.listen = value;
        } else if (flag == "--workers") {
            options.workers = std::atoi(value);
        } else if (flag == "--body-bytes") {
            options.body_bytes = static_cast<std::size_t>(std::atol(value));
        } else {
            return usage("unknown option");
        }
    }
    if (options.listen.empty()) return usage("--listen is required");
    if (options.workers < 1 || options.workers > 256) return usage("--workers must be 1 to 256");
    if (options.body_bytes > 60000) return usage("--body-bytes must be at most 60000");
    // nginx closes an upstream connection whose client left (wrk at the end of a run): a
    // write on it must fail, not kill the child.
    ::signal(SIGPIPE, SIG_IGN);
    if (mode == "http") return runtime::bench::floor::run_http_relay(options);
    if (mode == "fastcgi") return runtime::bench::floor::run_fastcgi_null(options);
    return usage("the mode is http or fastcgi");
}
