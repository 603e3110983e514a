#include "runtime/config/command_line.hpp"

#include <algorithm>
#include <vector>

#include "field_parsers.hpp"
#include "override_binding.hpp"
#include "runtime/config/keys.hpp"

#ifndef RUNTIME_VERSION
#error "RUNTIME_VERSION must be defined by the build"
#endif

namespace runtime::config {
namespace {

using detail::assign_to;
using detail::AssignOverride;
using detail::set_to;

struct Flag {
    std::string_view name;         // "--workers"
    std::string_view placeholder;  // "N"; empty for switches without a value
    std::string_view key;          // configuration key path it overrides
    std::string_view help;
    AssignOverride assign;
};

// One flag per line reads as a table.
// clang-format off
const std::vector<Flag>& serve_flags() {
    // One row per line, as --help and the docs list them.
    // clang-format off
    static const std::vector<Flag> flags{
        {"--config", "FILE", "config", "YAML configuration file", assign_to(&Overrides::config_file, fields::non_empty_text)},
        {"--entry", "FILE", "pools[0].entry", "front controller of the first pool", assign_to(&Overrides::entry, fields::non_empty_text)},
        {"--document-root", "DIR", "pools[0].document_root", "document root of the first pool", assign_to(&Overrides::document_root, fields::non_empty_text)},
        {"--mode", "worker|classic", "pools[0].mode", "execution mode of the first pool", assign_to(&Overrides::mode, parse_mode)},
        {"--dispatch", "proxied|direct", "pools[0].dispatch", "direct: the first pool's workers accept on the FastCGI listener themselves", assign_to(&Overrides::dispatch, parse_dispatch)},
        {"--workers", "N", "pools[0].workers", "workers of the first pool (0 = one per usable CPU)", assign_to(&Overrides::workers, fields::workers)},
        {"--min-workers", "N", "pools[0].min_workers", "elastic pool: fewest workers (0 = --workers)", assign_to(&Overrides::min_workers, fields::workers)},
        {"--max-workers", "N", "pools[0].max_workers", "elastic pool: most workers (0 = --workers)", assign_to(&Overrides::max_workers, fields::workers)},
        {"--watch", "", "pools[0].watch.enabled", "development: reload the workers when the app's source changes", set_to(&Overrides::watch, true)},
        {"--max-requests", "N", "pools[0].policy.max_requests", "recycle a worker after N requests (0 = never)", assign_to(&Overrides::max_requests, fields::request_count)},
        {"--request-timeout", "SECONDS", "pools[0].policy.request_timeout", "request execution limit (0 = off)", assign_to(&Overrides::request_timeout, parse_whole_seconds)},
        {"--listen", "HOST:PORT", "listen.http", "HTTP listener", assign_to(&Overrides::http_listen, fields::tcp_address)},
        {"--fastcgi", "HOST:PORT|unix:PATH", "listen.fastcgi.address", "FastCGI listener", assign_to(&Overrides::fastcgi_listen, fields::tcp_or_unix_address)},
        {"--admin", "HOST:PORT", "listen.admin", "admin listener (metrics, health, status) or off", assign_to(&Overrides::admin_listen, fields::tcp_address_or_off)},
        {"--https", "HOST:PORT", "listen.https.address", "HTTPS listener (needs --tls-cert and --tls-key)", assign_to(&Overrides::https_listen, fields::tcp_address)},
        {"--tls-cert", "FILE", "listen.https.certificates[0].cert", "certificate chain (PEM) of the HTTPS listener", assign_to(&Overrides::tls_cert, fields::non_empty_text)},
        {"--tls-key", "FILE", "listen.https.certificates[0].key", "private key (PEM) of that certificate", assign_to(&Overrides::tls_key, fields::non_empty_text)},
        {"--https-redirect", "HOST:PORT", "listen.https_redirect", "plain HTTP listener that redirects to HTTPS", assign_to(&Overrides::https_redirect_listen, fields::tcp_address)},
        {"--log-level", "LEVEL", "log.level", "trace, debug, info, warn, error, critical or off", assign_to(&Overrides::log_level, parse_log_level)},
        {"--log-format", "text|json", "log.format", "format of the server log", assign_to(&Overrides::log_format, parse_log_format)},
        {"--access-log", "DEST", "log.access_log", "stderr, stdout, a file path or off", assign_to(&Overrides::access_log, fields::access_log)},
        {"--pid", "FILE", "pid_file", "write the master's pid to FILE", assign_to(&Overrides::pid_file, fields::non_empty_text)},
        {"--user", "USER", "user", "drop privileges to USER after binding", assign_to(&Overrides::user, fields::non_empty_text)},
        {"--group", "GROUP", "group", "drop privileges to GROUP after binding", assign_to(&Overrides::group, fields::non_empty_text)},
        {"--no-prototype", "", "pools[0].prototype", "start workers directly instead of forking a prototype", set_to(&Overrides::prototype, false)},
        {"--verify-state", "", "pools[0].verify_state", "check for state leaking between requests", set_to(&Overrides::verify_state, true)},
    };
    // clang-format on
    return flags;
}
// clang-format on

constexpr std::string_view test_flag = "--test";

bool is_help(std::string_view argument) { return argument == "--help" || argument == "-h" || argument == "help"; }
bool is_version(std::string_view argument) {
    return argument == "--version" || argument == "-V" || argument == "version";
}

const Flag* find_flag(std::string_view name) {
    const auto& flags = serve_flags();
    auto found = std::find_if(flags.begin(), flags.end(), [name](const Flag& flag) { return flag.name == name; });
    return found == flags.end() ? nullptr : &*found;
}

Error flag_error(std::string_view flag, std::string_view message) {
    return Error{std::string(flag) + ": " + std::string(message)};
}

Result<Invocation> parse_serve(std::span<const std::string_view> arguments) {
    Invocation invocation;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view argument = arguments[i];
        if (argument == "--help" || argument == "-h") return Invocation{.command = Command::help, .overrides = {}, .test = false};
        if (!argument.starts_with("--")) return Error{"unexpected argument '" + std::string(argument) + "'"};

        const auto equals = argument.find('=');
        const std::string_view name = argument.substr(0, equals);
        std::optional<std::string_view> inline_value;
        if (equals != std::string_view::npos) inline_value = argument.substr(equals + 1);

        if (name == test_flag) {
            if (inline_value) return flag_error(name, "does not take a value");
            invocation.test = true;
            continue;
        }
        const Flag* flag = find_flag(name);
        if (flag == nullptr)
            return Error{"unknown flag '" + std::string(name) + "'; see 'runtime-supercharger --help'"};

        std::string_view value;
        if (flag->placeholder.empty()) {
            if (inline_value) return flag_error(name, "does not take a value");
        } else if (inline_value) {
            value = *inline_value;
        } else if (i + 1 < arguments.size() && !arguments[i + 1].starts_with("--")) {
            value = arguments[++i];
        } else {
            return flag_error(name, "missing value (" + std::string(flag->placeholder) + ")");
        }
        if (auto problem = flag->assign(invocation.overrides, value)) return flag_error(name, *problem);
        invocation.overrides.sources[std::string(flag->key)] = "flag " + std::string(flag->name);
    }
    return invocation;
}

}  // namespace

Result<Invocation> parse_command_line(std::span<const std::string_view> arguments) {
    if (arguments.empty()) return Error{"no command given; see 'runtime-supercharger --help'"};
    const std::string_view command = arguments.front();
    if (is_help(command)) return Invocation{.command = Command::help, .overrides = {}, .test = false};
    if (is_version(command)) return Invocation{.command = Command::version, .overrides = {}, .test = false};
    if (command == "serve") return parse_serve(arguments.subspan(1));
    return Error{"unknown command '" + std::string(command) + "'; see 'runtime-supercharger --help'"};
}

std::string usage_text() {
    std::string text =
        "Usage:\n"
        "  runtime-supercharger serve [flags]        run the application server\n"
        "  runtime-supercharger serve --test [flags] check the configuration and print it\n"
        "  runtime-supercharger --help               show this help\n"
        "  runtime-supercharger --version            show the version\n"
        "\nFlags of serve (also as --flag=value):\n";
    for (const Flag& flag : serve_flags()) {
        std::string left = "  " + std::string(flag.name);
        if (!flag.placeholder.empty()) left += " " + std::string(flag.placeholder);
        left.resize(std::max<std::size_t>(left.size() + 1, 36), ' ');
        text += left + std::string(flag.help) + "\n";
    }
    text += std::string("  --test").append(36 - 8, ' ') + "validate, print the effective configuration, exit 0 or 1\n";
    text += "\nPrecedence: flags > environment > configuration file > defaults.\n"
            "Documentation: docs/configuration.md\n";
    return text;
}

std::string version_text() { return std::string("runtime-supercharger ") + RUNTIME_VERSION; }

std::vector<std::string> known_flags() {
    std::vector<std::string> names;
    for (const Flag& flag : serve_flags()) names.emplace_back(flag.name);
    names.emplace_back(test_flag);
    return names;
}

}  // namespace runtime::config
