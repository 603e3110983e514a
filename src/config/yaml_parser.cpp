#include "yaml_parser.hpp"

#include "schema.hpp"

namespace runtime::config::detail {

ParsedFile parse_settings_yaml(std::string_view yaml, const std::string& source_name,
                               const std::filesystem::path& base_directory) {
    ParsedFile parsed;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& error) {
        // yaml-cpp marks are zero-based.
        parsed.errors.push_back(source_name + ":" + std::to_string(error.mark.line + 1) + ": invalid YAML: " +
                                error.msg);
        return parsed;
    }
    ParseContext context(source_name, base_directory);
    if (!root.IsNull() && !root.IsMap()) {
        context.error(root, "(top level)", "expected a mapping of configuration keys, got " +
                                               std::string(describe_node(root)));
    } else {
        read_map(root, "", parsed.settings, settings_fields(), context);
    }
    parsed.errors = std::move(context.errors);
    parsed.origins = std::move(context.origins);
    return parsed;
}

}  // namespace runtime::config::detail
