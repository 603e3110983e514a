#include "yaml_binding.hpp"

#include <cctype>

namespace runtime::config::detail {

ParseContext::ParseContext(std::string source_name, std::filesystem::path base_directory)
    : source_name_(std::move(source_name)), base_directory_(std::move(base_directory)) {}

std::string ParseContext::location(const YAML::Node& at) const {
    const YAML::Mark mark = at.Mark();
    if (mark.is_null()) return source_name_;
    return source_name_ + ":" + std::to_string(mark.line + 1);
}

void ParseContext::error(const YAML::Node& at, const std::string& path, std::string_view message) {
    // yaml-cpp marks an empty value ("user:") at the token after it; its key's line is the right one.
    auto key_location = origins.find(path);
    const bool use_key = at.IsNull() && key_location != origins.end();
    errors.push_back((use_key ? key_location->second : location(at)) + ": " + path + ": " + std::string(message));
}

void ParseContext::record(const YAML::Node& at, const std::string& path) { origins[path] = location(at); }

std::string ParseContext::rebase(std::string_view path) const {
    if (path.empty() || base_directory_.empty()) return std::string(path);
    const std::filesystem::path value(path);
    if (value.is_absolute()) return value.string();
    return (base_directory_ / value).lexically_normal().string();
}

std::string join_key(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string_view describe_node(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "a value";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return "nothing";
    }
    return "nothing";
}

void emit_text(YAML::Emitter& out, const std::string& text) {
    static const std::vector<std::string_view> ambiguous_words{"true", "false", "yes", "no", "on", "off",
                                                               "y", "n", "null", "~"};
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool numeric = !text.empty() && text.find_first_not_of("0123456789.+-_eExXoO") == std::string::npos &&
                         std::isdigit(static_cast<unsigned char>(text.back())) != 0;
    const bool ambiguous =
        numeric || std::find(ambiguous_words.begin(), ambiguous_words.end(), lower) != ambiguous_words.end();
    if (ambiguous) out << YAML::DoubleQuoted;
    out << text;
}

std::optional<std::string> scalar_text(const YAML::Node& node, const std::string& path, ParseContext& context) {
    if (node.IsScalar()) return node.Scalar();
    context.error(node, path, "expected a value, got " + std::string(describe_node(node)));
    return std::nullopt;
}

void report_unknown_key(const YAML::Node& key, const std::string& path, const std::vector<std::string_view>& known,
                        ParseContext& context) {
    std::string message = "unknown key; expected one of: ";
    for (std::size_t i = 0; i < known.size(); ++i) {
        if (i > 0) message += ", ";
        message += known[i];
    }
    context.error(key, path, message);
}

}  // namespace runtime::config::detail
