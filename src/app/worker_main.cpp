// runtime-supercharger-worker: the PHP side of the server (prototype or worker). Started by
// the master only; its command line is internal (runtime/worker/options.hpp). The in-process
// ceiling that bench/ runs is its own executable (bench/ceiling, runtime-ceiling).
#include <cstdio>
#include <string_view>
#include <vector>

#include <string>

#include "runtime/common/process_title.hpp"
#include "runtime/worker/options.hpp"
#include "runtime/worker/process.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> copies(argv + 1, argv + argc);  // argv is overwritten by the title
    std::vector<std::string_view> args(copies.begin(), copies.end());
    runtime::init_process_title(argc, argv);
    auto options = runtime::worker::parse_worker_args(args);
    if (!options) {
        std::fprintf(stderr, "%s\n", options.error().message.c_str());
        return 64;
    }
    return runtime::worker::run(options.value());
}
