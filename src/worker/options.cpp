#include "runtime/worker/options.hpp"

#include <charconv>
#include <limits>

namespace runtime::worker {
namespace {

bool parse_number(std::string_view text, std::uint64_t& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

Result<WorkerOptions> parse_worker_args(std::span<const std::string_view> args) {
    WorkerOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        if (i + 1 >= args.size()) return Error{"worker: missing value for " + std::string(flag)};
        const std::string_view value = args[++i];
        std::uint64_t number = 0;
        if (flag == "--role") {
            if (value != "prototype" && value != "worker") return Error{"worker: --role must be prototype or worker"};
            o.role = value == "prototype" ? Role::prototype : Role::worker;
        } else if (flag == "--fd") {
            if (!parse_number(value, number) || number > 1024) return Error{"worker: bad --fd"};
            o.channel_fd = static_cast<int>(number);
        } else if (flag == "--listen-fd" || flag == "--scoreboard-fd") {
            if (!parse_number(value, number) || number > 1024) return Error{"worker: bad " + std::string(flag)};
            (flag == "--listen-fd" ? o.listen_fd : o.scoreboard_fd) = static_cast<int>(number);
        } else if (flag == "--worker-id") {
            if (!parse_number(value, number)) return Error{"worker: bad --worker-id"};
            o.worker_id = number;
        } else if (flag == "--pool") {
            o.pool_name = value;
        } else if (flag == "--mode") {
            if (value == "worker") o.mode = ExecutionMode::worker;
            else if (value == "classic") o.mode = ExecutionMode::classic;
            else return Error{"worker: --mode must be worker or classic"};
        } else if (flag == "--bootstrap") {
            o.bootstrap = value;
        } else if (flag == "--entry") {
            o.entry = value;
        } else if (flag == "--document-root") {
            o.document_root = value;
        } else if (flag == "--max-requests") {
            if (!parse_number(value, number)) return Error{"worker: bad --max-requests"};
            o.max_requests = number;
        } else if (flag == "--slow-request-threshold-ms") {
            if (!parse_number(value, number) || number > std::numeric_limits<std::uint32_t>::max())
                return Error{"worker: bad --slow-request-threshold-ms"};
            o.slow_request_threshold_ms = static_cast<std::uint32_t>(number);
        } else if (flag == "--rss-every") {
            if (!parse_number(value, number) || number == 0 || number > std::numeric_limits<std::uint32_t>::max())
                return Error{"worker: bad --rss-every"};
            o.rss_every = static_cast<std::uint32_t>(number);
        } else if (flag == "--ini") {
            o.ini_entries.append(value).push_back('\n');
        } else if (flag == "--ini-path") {
            o.ini_path = value;
        } else if (flag == "--option") {
            const auto eq = value.find('=');
            if (eq == std::string_view::npos) return Error{"worker: --option needs name=value"};
            o.php_options.emplace_back(std::string(value.substr(0, eq)), std::string(value.substr(eq + 1)));
        } else {
            return Error{"worker: unknown flag " + std::string(flag)};
        }
    }
    if (o.bootstrap.empty() || o.entry.empty()) return Error{"worker: --bootstrap and --entry are required"};
    if ((o.listen_fd >= 0) != (o.scoreboard_fd >= 0))
        return Error{"worker: --listen-fd and --scoreboard-fd go together"};
    return o;
}

namespace {

const char* role_name(Role role) {
    switch (role) {
        case Role::prototype: return "prototype";
        case Role::worker: return "worker";
    }
    return "worker";
}

}  // namespace

std::vector<std::string> render_worker_args(const WorkerOptions& o) {
    // clang-format off: one flag and its value per line
    std::vector<std::string> args{
        "--role", role_name(o.role),
        "--fd", std::to_string(o.channel_fd),
        "--pool", o.pool_name,
        "--mode", o.mode == ExecutionMode::worker ? "worker" : "classic",
        "--bootstrap", o.bootstrap,
        "--entry", o.entry,
        "--document-root", o.document_root,
        "--max-requests", std::to_string(o.max_requests),
        "--slow-request-threshold-ms", std::to_string(o.slow_request_threshold_ms),
        "--rss-every", std::to_string(o.rss_every),
    };
    // clang-format on
    if (o.direct()) {
        args.insert(args.end(), {"--listen-fd", std::to_string(o.listen_fd), "--scoreboard-fd",
                                 std::to_string(o.scoreboard_fd), "--worker-id", std::to_string(o.worker_id)});
    }
    if (!o.ini_path.empty()) {
        args.insert(args.end(), {"--ini-path", o.ini_path});
    }
    std::size_t start = 0;
    while (start < o.ini_entries.size()) {
        std::size_t end = o.ini_entries.find('\n', start);
        if (end == std::string::npos) end = o.ini_entries.size();
        if (end > start) args.insert(args.end(), {"--ini", o.ini_entries.substr(start, end - start)});
        start = end + 1;
    }
    for (const auto& [name, value] : o.php_options) {
        args.insert(args.end(), {"--option", name + "=" + value});
    }
    return args;
}

}  // namespace runtime::worker
