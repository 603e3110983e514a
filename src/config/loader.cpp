#include "runtime/config/loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/config/cpu_budget.hpp"
#include "environment.hpp"
#include "overlay.hpp"
#include "resolve.hpp"
#include "validate.hpp"
#include "yaml_parser.hpp"

namespace runtime::config {
namespace {

Error joined(const std::vector<std::string>& errors) {
    std::string message;
    for (const auto& error : errors) {
        if (!message.empty()) message += '\n';
        message += error;
    }
    return Error{std::move(message)};
}

// Contents of `path`, or why it cannot be read ("cannot read: No such file or directory").
Result<std::string> read_file(const std::filesystem::path& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) return Error{"cannot read: Is a directory"};
    std::ifstream stream(path, std::ios::binary);
    if (!stream) return Error{std::string("cannot read: ") + std::strerror(errno)};
    std::ostringstream contents;
    contents << stream.rdbuf();
    if (stream.bad()) return Error{std::string("cannot read: ") + std::strerror(errno)};
    return contents.str();
}

detail::Machine machine_for(const LoadOptions& options) {
    detail::Machine machine;
    machine.hardware_threads = options.hardware_threads != 0 ? options.hardware_threads
                                                             : detect_cpu_budget().cpus;
    std::error_code error;
    machine.working_directory =
        options.working_directory.empty() ? std::filesystem::current_path(error) : options.working_directory;
    return machine;
}

}  // namespace

Result<Settings> load_settings(const Invocation& invocation, const std::map<std::string, std::string>& environment,
                               const LoadOptions& options) {
    const detail::Machine machine = machine_for(options);
    detail::EnvironmentOverrides from_environment = detail::environment_overrides(environment);
    std::vector<std::string> errors = std::move(from_environment.errors);

    const std::optional<std::string>& config_file =
        invocation.overrides.config_file ? invocation.overrides.config_file : from_environment.overrides.config_file;
    detail::ParsedFile parsed;
    if (config_file) {
        const std::filesystem::path absolute = (machine.working_directory / *config_file).lexically_normal();
        auto text = read_file(absolute);
        if (!text) {
            errors.push_back(*config_file + ": " + text.error().message);
        } else {
            parsed = detail::parse_settings_yaml(*text, *config_file, absolute.parent_path());
            parsed.settings.source_file = absolute.string();
        }
    }
    errors.insert(errors.end(), parsed.errors.begin(), parsed.errors.end());
    if (!errors.empty()) return joined(errors);  // never validate or return a half-read configuration

    Settings settings = std::move(parsed.settings);
    detail::apply_overrides(settings, from_environment.overrides, parsed.origins);
    detail::apply_overrides(settings, invocation.overrides, parsed.origins);
    detail::resolve(settings, machine);
    errors = detail::validate(settings, parsed.origins, detail::real_file_system());
    if (!errors.empty()) return joined(errors);
    return settings;
}

std::map<std::string, std::string> environment_from(const char* const* entries) {
    std::map<std::string, std::string> environment;
    for (; entries != nullptr && *entries != nullptr; ++entries) {
        const std::string_view entry(*entries);
        const auto equals = entry.find('=');
        if (equals == std::string_view::npos || equals == 0) continue;
        environment.emplace(std::string(entry.substr(0, equals)), std::string(entry.substr(equals + 1)));
    }
    return environment;
}

}  // namespace runtime::config
