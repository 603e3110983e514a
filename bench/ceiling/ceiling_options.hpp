#pragma once
// Command line of runtime-ceiling (bench only): the request to repeat and how often, plus the
// worker's own flags for PHP (--bootstrap, --entry, --document-root, --ini, --ini-path,
// --option), parsed by the worker's parser so both load the application the same way. Pure.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/worker/options.hpp"

namespace runtime::bench {

struct CeilingOptions {
    worker::WorkerOptions php;       // what PHP loads; its IPC fields are unused here
    std::string uri = "/";           // GET target, with its query string
    std::uint64_t requests = 10000;  // timed requests
    std::uint64_t warmup = 100;      // requests served before the clocks start
    bool help = false;               // --help: print ceiling_usage() and exit
};

Result<CeilingOptions> parse_ceiling_args(std::span<const std::string_view> args);
const char* ceiling_usage();

}  // namespace runtime::bench
