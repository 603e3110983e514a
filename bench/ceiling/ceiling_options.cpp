#include "ceiling_options.hpp"

#include <charconv>
#include <vector>

namespace runtime::bench {
namespace {

bool parse_number(std::string_view text, std::uint64_t& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

const char* ceiling_usage() {
    return "usage: runtime-ceiling --bootstrap FILE --entry FILE --document-root DIR [--uri /path?query]\n"
           "                       [--requests N] [--warmup N] [--ini key=value]... [--ini-path FILE]\n"
           "                       [--option name=value]...\n"
           "Serves N timed GET requests (after the warmup) in this process, with no network and no\n"
           "master, and prints one JSON line: requests, wall and CPU seconds, req/s, non-2xx, failed.\n";
}

Result<CeilingOptions> parse_ceiling_args(std::span<const std::string_view> args) {
    CeilingOptions o;
    std::vector<std::string_view> php_args;  // for the worker's parser
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        if (flag == "--help" || flag == "-h") {
            o.help = true;
            return o;
        }
        if (flag == "--role") return Error{"ceiling: unknown flag --role"};  // no worker role here
        if (i + 1 >= args.size()) return Error{"ceiling: missing value for " + std::string(flag)};
        const std::string_view value = args[++i];
        std::uint64_t number = 0;
        if (flag == "--uri") {
            // The report is JSON written without escaping: no quotes or backslashes in the URI.
            if (!value.starts_with('/') || value.find_first_of("\"\\") != std::string_view::npos)
                return Error{"ceiling: --uri must start with / and contain no quote or backslash"};
            o.uri = value;
        } else if (flag == "--requests") {
            if (!parse_number(value, number) || number == 0) return Error{"ceiling: bad --requests"};
            o.requests = number;
        } else if (flag == "--warmup") {
            if (!parse_number(value, number)) return Error{"ceiling: bad --warmup"};
            o.warmup = number;
        } else {
            php_args.insert(php_args.end(), {flag, value});
        }
    }
    auto php = worker::parse_worker_args(php_args);
    if (!php) return Error{"ceiling: " + php.error().message};
    if (php->document_root.empty()) return Error{"ceiling: --document-root is required"};
    o.php = std::move(php.value());
    return o;
}

}  // namespace runtime::bench
