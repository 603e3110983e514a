#pragma once
// Command line of the runtime-supercharger binary:
//   runtime-supercharger serve [flags]     run the server (serve --test: check the configuration)
//   runtime-supercharger --help | help     usage
//   runtime-supercharger --version         version
// Flags accept "--flag value" and "--flag=value"; see usage_text() and docs/configuration.md.
#include <span>
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/config/overrides.hpp"

namespace runtime::config {

enum class Command { serve, help, version };

struct Invocation {
    Command command = Command::serve;
    Overrides overrides;   // values of the serve flags
    bool test = false;     // serve --test: validate, print the effective configuration, exit 0/1
};

// `arguments` excludes the program name (argv[1..argc)). Errors name the offending flag.
Result<Invocation> parse_command_line(std::span<const std::string_view> arguments);

// Help text listing the commands and every flag with its value placeholder.
std::string usage_text();

// "runtime-supercharger 0.1.0"
std::string version_text();

}  // namespace runtime::config
