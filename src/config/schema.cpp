#include "schema.hpp"

#include <cctype>
#include <type_traits>

#include "field_parsers.hpp"
#include "runtime/config/keys.hpp"
#include "runtime/config/values.hpp"

namespace runtime::config {
namespace detail {
namespace {

// Printers for scalar()'s `format` argument; each output parses back to the same value.
std::string as_text(const std::string& value) { return value; }
std::string as_number(std::uint64_t value) { return std::to_string(value); }
std::string as_size(std::uint64_t value) { return format_size(value); }
std::string as_duration(milliseconds value) { return format_duration(value); }
std::string as_duration_s(seconds value) { return format_duration(value); }
std::string as_bool(bool value) { return value ? "true" : "false"; }
template <typename Enum>
std::string as_name(Enum value) {
    return std::string(to_string(value));
}

template <typename Owner>
Field<Owner> only_when(Field<Owner> field, std::type_identity_t<std::function<bool(const Owner&)>> present) {
    field.present = std::move(present);
    return field;
}

enum class MayBeOff { no, yes };

// A listener address; unix socket paths are taken relative to the configuration file.
Field<Settings> listener(std::string_view key, std::optional<ListenAddress> Settings::*member, AllowUnix allow_unix,
                         MayBeOff may_be_off = MayBeOff::no) {
    return Field<Settings>{
        .key = key,
        .read =
            [member, allow_unix, may_be_off](const YAML::Node& node, const std::string& path, Settings& settings,
                                             ParseContext& context) {
                auto text = scalar_text(node, path, context);
                if (!text) return;
                auto address = may_be_off == MayBeOff::yes ? fields::tcp_address_or_off(*text)
                                                           : parse_listen_address(*text, allow_unix);
                if (!address) return context.error(node, path, address.error().message);
                if (address->is_unix()) address->unix_path = context.rebase(address->unix_path);
                settings.*member = std::move(address.value());
                context.record(node, path);
            },
        .write = [member](YAML::Emitter& out, const Settings& settings) { emit_text(out, (settings.*member)->to_string()); },
        .child_keys = {},
        .present = [member](const Settings& settings) { return (settings.*member).has_value(); },
    };
}

const Fields<Settings>& fastcgi_fields() {
    static const Fields<Settings> table{
        listener("address", &Settings::fastcgi_listen, AllowUnix::yes),
        only_when(scalar("socket_mode", &Settings::fastcgi_socket_mode, fields::socket_mode, as_text),
                  [](const Settings& s) { return !s.fastcgi_socket_mode.empty(); }),
        only_when(scalar("socket_owner", &Settings::fastcgi_socket_owner, fields::socket_owner, as_text),
                  [](const Settings& s) { return !s.fastcgi_socket_owner.empty(); }),
    };
    return table;
}

// listen.fastcgi is either an address or a mapping with the address and unix socket options.
Field<Settings> fastcgi_listener() {
    const Field<Settings> address = fastcgi_fields().front();
    return Field<Settings>{
        .key = "fastcgi",
        .read =
            [address](const YAML::Node& node, const std::string& path, Settings& settings, ParseContext& context) {
                if (!node.IsMap()) {
                    address.read(node, path, settings, context);
                    // Overrides and validation name the address by its long form.
                    if (auto found = context.origins.find(path); found != context.origins.end())
                        context.origins[join_key(path, "address")] = found->second;
                    return;
                }
                read_map(node, path, settings, fastcgi_fields(), context);
                if (!node["address"]) context.error(node, join_key(path, "address"), "required");
            },
        .write = [](YAML::Emitter& out, const Settings& settings) { write_map(out, settings, fastcgi_fields()); },
        .child_keys = [] { return child_keys_of(fastcgi_fields(), "."); },
        .present = [](const Settings& settings) { return settings.fastcgi_listen.has_value(); },
    };
}

const Fields<TlsCertificate>& certificate_fields() {
    static const Fields<TlsCertificate> table{
        path("cert", &TlsCertificate::cert),
        path("key", &TlsCertificate::key),
    };
    return table;
}

const Fields<TlsSettings>& tls_fields() {
    static const Fields<TlsSettings> table{
        mapping_list("certificates", &TlsSettings::certificates, certificate_fields),
        scalar("ciphers", &TlsSettings::ciphers, fields::non_empty_text, as_text),
        scalar("session_tickets", &TlsSettings::session_tickets, parse_bool, as_bool),
    };
    return table;
}

// A listener's address followed by its TLS keys (listen.https, listen.admin as a mapping).
Fields<Settings> tls_listener_fields(Field<Settings> address, TlsSettings Settings::*tls) {
    Fields<Settings> table{std::move(address)};
    for (const auto& field : tls_fields()) table.push_back(lifted(field, tls));
    return table;
}

const Fields<Settings>& https_fields() {
    static const Fields<Settings> table =
        tls_listener_fields(listener("address", &Settings::https_listen, AllowUnix::no), &Settings::https_tls);
    return table;
}

const Fields<Settings>& admin_fields() {
    static const Fields<Settings> table = tls_listener_fields(
        listener("address", &Settings::admin_listen, AllowUnix::no, MayBeOff::yes), &Settings::admin_tls);
    return table;
}

// listen.https is a mapping (address and certificates); listen.admin is an address, or the
// same mapping when it serves over TLS.
Field<Settings> tls_listener(std::string_view key, const Fields<Settings>& (*fields)(),
                             std::optional<ListenAddress> Settings::*address_member, TlsSettings Settings::*tls,
                             bool address_alone) {
    const Field<Settings> address = fields().front();
    return Field<Settings>{
        .key = key,
        .read =
            [address, fields, address_alone](const YAML::Node& node, const std::string& path, Settings& settings,
                                             ParseContext& context) {
                if (!node.IsMap()) {
                    if (!address_alone)
                        return context.error(node, path,
                                             "expected a mapping with address and certificates, got " +
                                                 std::string(describe_node(node)));
                    address.read(node, path, settings, context);
                    if (auto found = context.origins.find(path); found != context.origins.end())
                        context.origins[join_key(path, "address")] = found->second;
                    return;
                }
                read_map(node, path, settings, fields(), context);
                if (!node["address"]) context.error(node, join_key(path, "address"), "required");
            },
        .write =
            [address, fields, tls](YAML::Emitter& out, const Settings& settings) {
                if ((settings.*tls).enabled()) return write_map(out, settings, fields());
                address.write(out, settings);
            },
        .child_keys = [fields] { return child_keys_of(fields(), "."); },
        .present = [address_member](const Settings& settings) { return (settings.*address_member).has_value(); },
    };
}

const Fields<Settings>& listen_fields() {
    static const Fields<Settings> table{
        listener("http", &Settings::http_listen, AllowUnix::no),
        fastcgi_listener(),
        tls_listener("admin", admin_fields, &Settings::admin_listen, &Settings::admin_tls, true),
        tls_listener("https", https_fields, &Settings::https_listen, &Settings::https_tls, false),
        listener("https_redirect", &Settings::https_redirect_listen, AllowUnix::no),
    };
    return table;
}

Field<LogSettings> access_log_field() {
    return Field<LogSettings>{
        .key = "access_log",
        .read =
            [](const YAML::Node& node, const std::string& path, LogSettings& log, ParseContext& context) {
                auto text = scalar_text(node, path, context);
                if (!text) return;
                auto destination = fields::access_log(*text);
                const bool stream = *destination == "stderr" || *destination == "stdout";
                log.access_log = stream ? *destination : context.rebase(*destination);
                context.record(node, path);
            },
        .write = [](YAML::Emitter& out,
                    const LogSettings& log) { emit_text(out, log.access_log.empty() ? "off" : log.access_log); },
        .child_keys = {},
        .present = {},
    };
}

const Fields<LogSettings>& log_fields() {
    static const Fields<LogSettings> table{
        scalar("level", &LogSettings::level, parse_log_level, as_text),
        scalar("format", &LogSettings::format, parse_log_format, as_name<LogFormat>),
        path("file", &LogSettings::file),
        access_log_field(),
        scalar("access_format", &LogSettings::access_format, parse_access_log_format, as_name<AccessLogFormat>),
        scalar("slow_request_threshold", &LogSettings::slow_request_threshold, parse_duration, as_duration),
    };
    return table;
}

const Fields<HttpSettings>& http_fields() {
    static const Fields<HttpSettings> table{
        scalar("max_request_line", &HttpSettings::max_request_line, fields::request_line_size, as_size),
        scalar("max_header_size", &HttpSettings::max_header_bytes, fields::header_size, as_size),
        scalar("max_header_count", &HttpSettings::max_header_count, fields::header_count, as_number),
        scalar("max_body_size", &HttpSettings::max_body_bytes, fields::byte_size, as_size),
        scalar("header_timeout", &HttpSettings::header_timeout, fields::positive_seconds, as_duration_s),
        scalar("body_timeout", &HttpSettings::body_timeout, fields::positive_seconds, as_duration_s),
        scalar("keepalive_timeout", &HttpSettings::keepalive_timeout, parse_whole_seconds, as_duration_s),
        scalar("send_timeout", &HttpSettings::send_timeout, fields::positive_seconds, as_duration_s),
        scalar("max_connections", &HttpSettings::max_connections, fields::positive_count, as_number),
        path("static_root", &HttpSettings::static_root),
        scalar("static_files", &HttpSettings::static_files, parse_bool, as_bool),
        string_list("sendfile_roots", &HttpSettings::sendfile_roots, fields::non_empty_text),
        scalar("http2", &HttpSettings::http2, parse_bool, as_bool),
        scalar("http2_max_concurrent_streams", &HttpSettings::http2_max_concurrent_streams, fields::http2_streams,
               as_number),
        scalar("http2_max_resets", &HttpSettings::http2_max_resets, fields::small_count, as_number),
        scalar("http2_max_control_frames", &HttpSettings::http2_max_control_frames, fields::small_count, as_number),
    };
    return table;
}

const Fields<PolicySettings>& policy_fields() {
    static const Fields<PolicySettings> table{
        scalar("max_requests", &PolicySettings::max_requests, fields::request_count, as_number),
        scalar("max_rss", &PolicySettings::max_rss_bytes, fields::byte_size, as_size),
        scalar("max_php_memory", &PolicySettings::max_php_memory_bytes, fields::byte_size, as_size),
        scalar("max_consecutive_failures", &PolicySettings::max_consecutive_failures, fields::small_count, as_number),
        scalar("ttl", &PolicySettings::ttl, parse_whole_seconds, as_duration_s),
        scalar("idle_ttl", &PolicySettings::idle_ttl, parse_whole_seconds, as_duration_s),
        scalar("request_timeout", &PolicySettings::request_timeout, parse_whole_seconds, as_duration_s),
        scalar("queue_length", &PolicySettings::queue_length, fields::small_count, as_number),
        scalar("queue_wait", &PolicySettings::queue_wait, parse_duration, as_duration),
        scalar("backoff_max", &PolicySettings::backoff_max, fields::positive_seconds, as_duration_s),
    };
    return table;
}

const Fields<ScalingSettings>& scaling_fields() {
    static const Fields<ScalingSettings> table{
        scalar("up_after", &ScalingSettings::up_after, parse_duration, as_duration),
        scalar("idle_after", &ScalingSettings::idle_after, fields::positive_seconds, as_duration_s),
        scalar("cooldown", &ScalingSettings::cooldown, parse_whole_seconds, as_duration_s),
        scalar("memory_budget", &ScalingSettings::memory_budget_bytes, fields::byte_size, as_size),
    };
    return table;
}

const Fields<WatchSettings>& watch_fields() {
    static const Fields<WatchSettings> table{
        scalar("enabled", &WatchSettings::enabled, parse_bool, as_bool),
        path("root", &WatchSettings::root),
        string_list("paths", &WatchSettings::paths, fields::watch_pattern),
        scalar("debounce", &WatchSettings::debounce, parse_duration, as_duration),
    };
    return table;
}

const Fields<PoolSettings>& warmup_fields() {
    static const Fields<PoolSettings> table{
        string_list("services", &PoolSettings::warmup_services, fields::non_empty_text),
        string_list("callables", &PoolSettings::warmup_callables, fields::non_empty_text),
    };
    return table;
}

Result<std::string> host_name(std::string_view host) {
    if (host.empty() || host.find_first_of(" \t/") != std::string_view::npos)
        return Error{"expected a host name such as example.com, got '" + std::string(host) + "'"};
    return std::string(host);
}

const Fields<PoolSettings>& routing_fields() {
    static const Fields<PoolSettings> table{
        string_list("hosts", &PoolSettings::hosts, host_name),
        scalar("path_prefix", &PoolSettings::path_prefix, fields::path_prefix, as_text),
    };
    return table;
}

// pools[].site: names and paths as nginx's index, try_files fallback and location prefixes take them.
Result<std::string> index_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos)
        return Error{"expected a file name such as index.php, got '" + std::string(name) + "'"};
    return std::string(name);
}

bool has_dot_dot_segment(std::string_view path) {
    return path == "/.." || path.find("/../") != std::string_view::npos || path.ends_with("/..");
}

Result<std::string> fallback_uri(std::string_view uri) {
    if (uri == "off") return std::string(uri);
    if (uri.size() < 6 || uri.front() != '/' || !uri.ends_with(".php") || uri[uri.size() - 5] == '/' ||
        has_dot_dot_segment(uri) || uri.find('?') != std::string_view::npos)
        return Error{"expected the URI path of a .php script under the document root such as /index.php, or off, got '" +
                     std::string(uri) + "'"};
    return std::string(uri);
}

Result<std::string> denied_prefix(std::string_view prefix) {
    if (prefix.empty() || prefix.front() != '/' || has_dot_dot_segment(prefix))
        return Error{"expected a URI path prefix starting with '/' such as /data/, got '" + std::string(prefix) + "'"};
    return std::string(prefix);
}

const Fields<SiteSettings>& site_fields() {
    static const Fields<SiteSettings> table{
        string_list("index", &SiteSettings::index, index_file_name),
        scalar("fallback", &SiteSettings::fallback, fallback_uri, as_text),
        string_list("deny", &SiteSettings::deny, denied_prefix),
        string_list("symlink_roots", &SiteSettings::symlink_roots, fields::non_empty_text),
    };
    return table;
}

Result<std::string> ini_name(std::string_view name) {
    if (name.empty() || name.find_first_of(" \t=;") != std::string_view::npos)
        return Error{"expected a php.ini directive name, got '" + std::string(name) + "'"};
    return std::string(name);
}

Result<std::string> environment_name(std::string_view name) {
    const bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
                       name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
                           std::string_view::npos;
    if (!valid) return Error{"expected an environment variable name such as APP_ENV, got '" + std::string(name) + "'"};
    return std::string(name);
}

const Fields<PoolSettings>& pool_fields() {
    static const Fields<PoolSettings> table{
        scalar("name", &PoolSettings::name, fields::pool_name, as_text),
        scalar("driver", &PoolSettings::driver, parse_driver, as_name<Driver>),
        scalar("mode", &PoolSettings::mode, parse_mode, as_name<Mode>),
        scalar("dispatch", &PoolSettings::dispatch, parse_dispatch, as_name<Dispatch>),
        path("entry", &PoolSettings::entry),
        path("document_root", &PoolSettings::document_root),
        scalar("workers", &PoolSettings::workers, fields::workers, as_number),
        scalar("min_workers", &PoolSettings::min_workers, fields::workers, as_number),
        scalar("max_workers", &PoolSettings::max_workers, fields::workers, as_number),
        nested("scaling", &PoolSettings::scaling, scaling_fields),
        nested("policy", &PoolSettings::policy, policy_fields),
        group("warmup", warmup_fields),
        string_pairs("php_ini", &PoolSettings::php_ini, ini_name),
        string_pairs("env", &PoolSettings::env, environment_name),
        group("routing", routing_fields),
        scalar("verify_state", &PoolSettings::verify_state, parse_bool, as_bool),
        scalar("prototype", &PoolSettings::prototype, parse_bool, as_bool),
        scalar("static_files", &PoolSettings::static_files, parse_bool, as_bool),
        nested("site", &PoolSettings::site, site_fields),
        nested("watch", &PoolSettings::watch, watch_fields),
    };
    return table;
}

Field<Settings> pools_field() {
    return Field<Settings>{
        .key = "pools",
        .read =
            [](const YAML::Node& node, const std::string& path, Settings& settings, ParseContext& context) {
                if (!node.IsSequence())
                    return context.error(node, path, "expected a list of pools, got " + std::string(describe_node(node)));
                settings.pools.clear();
                for (std::size_t i = 0; i < node.size(); ++i) {
                    const std::string pool_path = path + "[" + std::to_string(i) + "]";
                    PoolSettings pool;
                    context.record(node[i], pool_path);
                    read_map(node[i], pool_path, pool, pool_fields(), context);
                    settings.pools.push_back(std::move(pool));
                }
            },
        .write =
            [](YAML::Emitter& out, const Settings& settings) {
                out << YAML::BeginSeq;
                for (const auto& pool : settings.pools) write_map(out, pool, pool_fields());
                out << YAML::EndSeq;
            },
        .child_keys = [] { return child_keys_of(pool_fields(), "[]."); },
        .present = {},
    };
}

}  // namespace

const Fields<Settings>& settings_fields() {
    static const Fields<Settings> table{
        group("listen", listen_fields),
        nested("log", &Settings::log, log_fields),
        nested("http", &Settings::http, http_fields),
        scalar("shutdown_grace", &Settings::shutdown_grace, parse_whole_seconds, as_duration_s),
        path("pid_file", &Settings::pid_file),
        scalar("user", &Settings::user, fields::text, as_text),
        scalar("group", &Settings::group, fields::text, as_text),
        pools_field(),
    };
    return table;
}

}  // namespace detail

std::vector<std::string> known_config_keys() { return detail::keys_of(detail::settings_fields()); }

}  // namespace runtime::config
