#include "runtime/config/loader.hpp"
#include "schema.hpp"

namespace runtime::config {

std::string render_effective(const Settings& settings) {
    YAML::Emitter out;
    out << YAML::Comment("Effective configuration of runtime-supercharger" +
                         (settings.source_file.empty() ? std::string() : " (file: " + settings.source_file + ")"));
    out << YAML::Newline;
    detail::write_map(out, settings, detail::settings_fields());
    return std::string(out.c_str()) + "\n";
}

}  // namespace runtime::config
