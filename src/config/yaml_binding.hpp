#pragma once
// Table-driven binding between YAML mappings and settings structs. One table per section
// (schema.cpp) drives reading, writing (render_effective) and the list of known keys, so the
// three can never disagree.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "origins.hpp"
#include "runtime/common/result.hpp"

namespace runtime::config::detail {

// Collects located errors and the origin of every value read from one file.
class ParseContext {
public:
    ParseContext(std::string source_name, std::filesystem::path base_directory);

    void error(const YAML::Node& at, const std::string& path, std::string_view message);
    void record(const YAML::Node& at, const std::string& path);
    // Relative paths in the file are relative to the file's directory.
    [[nodiscard]] std::string rebase(std::string_view path) const;

    std::vector<std::string> errors;
    Origins origins;

private:
    [[nodiscard]] std::string location(const YAML::Node& at) const;

    std::string source_name_;
    std::filesystem::path base_directory_;
};

std::string join_key(const std::string& parent, std::string_view key);
std::string_view describe_node(const YAML::Node& node);  // "a mapping", "a list", "nothing", ...

// Writes a string value, quoted when YAML readers would take it for a number, boolean or null
// ("0660", "off", "0"), so the printed configuration means the same to every YAML tool.
void emit_text(YAML::Emitter& out, const std::string& text);

// Scalar text of `node`, or an error recorded at `path` when it is not a scalar.
std::optional<std::string> scalar_text(const YAML::Node& node, const std::string& path, ParseContext& context);

template <typename Owner>
struct Field {
    std::string_view key;
    std::function<void(const YAML::Node& value, const std::string& path, Owner& owner, ParseContext&)> read;
    std::function<void(YAML::Emitter&, const Owner&)> write;  // emits the value only
    std::function<std::vector<std::string>()> child_keys;     // ".address", "[].name"; empty for leaves
    std::function<bool(const Owner&)> present;                // written only when true; null = always
};

template <typename Owner>
using Fields = std::vector<Field<Owner>>;

template <typename Owner>
std::vector<std::string> keys_of(const Fields<Owner>& fields) {
    std::vector<std::string> keys;
    for (const auto& field : fields) {
        keys.emplace_back(field.key);
        if (field.child_keys)
            for (const auto& child : field.child_keys()) keys.push_back(std::string(field.key) + child);
    }
    return keys;
}

template <typename Owner>
std::vector<std::string> child_keys_of(const Fields<Owner>& fields, std::string_view separator) {
    std::vector<std::string> keys;
    for (auto& key : keys_of(fields)) keys.push_back(std::string(separator) + key);
    return keys;
}

void report_unknown_key(const YAML::Node& key, const std::string& path, const std::vector<std::string_view>& known,
                        ParseContext& context);

// Reads a mapping into `owner`: unknown and duplicate keys are errors; absent keys keep their value.
template <typename Owner>
void read_map(const YAML::Node& node, const std::string& path, Owner& owner, const Fields<Owner>& fields,
              ParseContext& context) {
    if (node.IsNull()) return;  // "policy:" with nothing below it: all defaults
    if (!node.IsMap()) {
        context.error(node, path, "expected a mapping, got " + std::string(describe_node(node)));
        return;
    }
    std::vector<std::string> seen;
    for (const auto& entry : node) {
        const YAML::Node& key = entry.first;
        if (!key.IsScalar()) {
            context.error(key, path, "keys must be plain names, got " + std::string(describe_node(key)));
            continue;
        }
        const std::string& name = key.Scalar();
        const std::string key_path = join_key(path, name);
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            context.error(key, key_path, "duplicate key");
            continue;
        }
        seen.push_back(name);
        context.record(key, key_path);  // sections and empty values are located at their key
        auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.key == name; });
        if (field == fields.end()) {
            std::vector<std::string_view> known;
            for (const auto& f : fields) known.push_back(f.key);
            report_unknown_key(key, key_path, known, context);
            continue;
        }
        field->read(entry.second, key_path, owner, context);
    }
}

template <typename Owner>
void write_map(YAML::Emitter& out, const Owner& owner, const Fields<Owner>& fields) {
    out << YAML::BeginMap;
    for (const auto& field : fields) {
        if (field.present && !field.present(owner)) continue;
        out << YAML::Key << std::string(field.key) << YAML::Value;
        field.write(out, owner);
    }
    out << YAML::EndMap;
}

// A scalar parsed with a field parser (Result<T>(std::string_view)) and printed with `format`.
template <typename Owner, typename Member, typename Parse, typename Format>
Field<Owner> scalar(std::string_view key, Member Owner::*member, Parse parse, Format format) {
    return Field<Owner>{
        .key = key,
        .read =
            [member, parse](const YAML::Node& node, const std::string& path, Owner& owner, ParseContext& context) {
                auto text = scalar_text(node, path, context);
                if (!text) return;
                auto value = parse(*text);
                if (!value) return context.error(node, path, value.error().message);
                owner.*member = std::move(value.value());
                context.record(node, path);
            },
        .write =
            [member, format](YAML::Emitter& out, const Owner& owner) {
                if constexpr (std::is_same_v<Member, std::string>) {
                    emit_text(out, format(owner.*member));
                } else {
                    out << format(owner.*member);
                }
            },
        .child_keys = {},
        .present = {},
    };
}

// A file-system path; relative paths are taken relative to the configuration file.
template <typename Owner>
Field<Owner> path(std::string_view key, std::string Owner::*member) {
    return Field<Owner>{
        .key = key,
        .read =
            [member](const YAML::Node& node, const std::string& key_path, Owner& owner, ParseContext& context) {
                auto text = scalar_text(node, key_path, context);
                if (!text) return;
                owner.*member = context.rebase(*text);
                context.record(node, key_path);
            },
        .write = [member](YAML::Emitter& out, const Owner& owner) { emit_text(out, owner.*member); },
        .child_keys = {},
        .present = {},
    };
}

// A sub-mapping stored in a member struct ("policy" -> PoolSettings::policy).
template <typename Owner, typename Child>
Field<Owner> nested(std::string_view key, Child Owner::*member, const Fields<Child>& (*fields)()) {
    return Field<Owner>{
        .key = key,
        .read =
            [member, fields](const YAML::Node& node, const std::string& path, Owner& owner, ParseContext& context) {
                read_map(node, path, owner.*member, fields(), context);
            },
        .write = [member, fields](YAML::Emitter& out, const Owner& owner) { write_map(out, owner.*member, fields()); },
        .child_keys = [fields] { return child_keys_of(fields(), "."); },
        .present = {},
    };
}

// A sub-mapping whose keys live in the owner itself ("routing" -> PoolSettings::hosts, path_prefix).
template <typename Owner>
Field<Owner> group(std::string_view key, const Fields<Owner>& (*fields)()) {
    return Field<Owner>{
        .key = key,
        .read = [fields](const YAML::Node& node, const std::string& path, Owner& owner,
                         ParseContext& context) { read_map(node, path, owner, fields(), context); },
        .write = [fields](YAML::Emitter& out, const Owner& owner) { write_map(out, owner, fields()); },
        .child_keys = [fields] { return child_keys_of(fields(), "."); },
        .present = {},
    };
}

// A list of mappings, each read with `fields` ("certificates" -> TlsSettings::certificates).
template <typename Owner, typename Item>
Field<Owner> mapping_list(std::string_view key, std::vector<Item> Owner::*member, const Fields<Item>& (*fields)()) {
    return Field<Owner>{
        .key = key,
        .read =
            [member, fields](const YAML::Node& node, const std::string& path, Owner& owner, ParseContext& context) {
                if (!node.IsSequence())
                    return context.error(node, path, "expected a list, got " + std::string(describe_node(node)));
                std::vector<Item> items;
                for (std::size_t i = 0; i < node.size(); ++i) {
                    const std::string item_path = path + "[" + std::to_string(i) + "]";
                    context.record(node[i], item_path);
                    read_map(node[i], item_path, items.emplace_back(), fields(), context);
                }
                owner.*member = std::move(items);
                context.record(node, path);
            },
        .write =
            [member, fields](YAML::Emitter& out, const Owner& owner) {
                out << YAML::BeginSeq;
                for (const auto& item : owner.*member) write_map(out, item, fields());
                out << YAML::EndSeq;
            },
        .child_keys = [fields] { return child_keys_of(fields(), "[]."); },
        .present = {},
    };
}

// A field of a member struct read and written as if it were the owner's own ("ciphers" of
// Settings::https_tls inside listen.https).
template <typename Owner, typename Child>
Field<Owner> lifted(Field<Child> field, Child Owner::*member) {
    Field<Owner> result{.key = field.key, .read = {}, .write = {}, .child_keys = field.child_keys, .present = {}};
    result.read = [read = field.read, member](const YAML::Node& node, const std::string& path, Owner& owner,
                                              ParseContext& context) { read(node, path, owner.*member, context); };
    result.write = [write = field.write, member](YAML::Emitter& out, const Owner& owner) { write(out, owner.*member); };
    if (field.present)
        result.present = [present = field.present, member](const Owner& owner) { return present(owner.*member); };
    return result;
}

// A list of scalars, each checked with `parse`.
template <typename Owner, typename Parse>
Field<Owner> string_list(std::string_view key, std::vector<std::string> Owner::*member, Parse parse) {
    return Field<Owner>{
        .key = key,
        .read =
            [member, parse](const YAML::Node& node, const std::string& path, Owner& owner, ParseContext& context) {
                if (!node.IsSequence()) {
                    return context.error(node, path, "expected a list, got " + std::string(describe_node(node)));
                }
                std::vector<std::string> items;
                for (std::size_t i = 0; i < node.size(); ++i) {
                    const std::string item_path = path + "[" + std::to_string(i) + "]";
                    auto text = scalar_text(node[i], item_path, context);
                    if (!text) continue;
                    auto value = parse(*text);
                    if (!value) {
                        context.error(node[i], item_path, value.error().message);
                        continue;
                    }
                    items.push_back(std::move(value.value()));
                }
                owner.*member = std::move(items);
                context.record(node, path);
            },
        .write =
            [member](YAML::Emitter& out, const Owner& owner) {
                out << YAML::Flow << YAML::BeginSeq;
                for (const auto& item : owner.*member) emit_text(out, item);
                out << YAML::EndSeq;
            },
        .child_keys = {},
        .present = {},
    };
}

// A mapping of names to scalar values, order preserved (php_ini, env); `check_name` validates keys.
template <typename Owner, typename CheckName>
Field<Owner> string_pairs(std::string_view key, std::vector<std::pair<std::string, std::string>> Owner::*member,
                          CheckName check_name) {
    return Field<Owner>{
        .key = key,
        .read =
            [member, check_name](const YAML::Node& node, const std::string& path, Owner& owner,
                                 ParseContext& context) {
                if (node.IsNull()) return;
                if (!node.IsMap()) {
                    return context.error(node, path, "expected a mapping, got " + std::string(describe_node(node)));
                }
                std::vector<std::pair<std::string, std::string>> pairs;
                for (const auto& entry : node) {
                    auto name = scalar_text(entry.first, path, context);
                    if (!name) continue;
                    const std::string item_path = path + "." + *name;
                    if (auto valid = check_name(*name); !valid) {
                        context.error(entry.first, item_path, valid.error().message);
                        continue;
                    }
                    auto duplicate = std::find_if(pairs.begin(), pairs.end(),
                                                  [&](const auto& pair) { return pair.first == *name; });
                    if (duplicate != pairs.end()) {
                        context.error(entry.first, item_path, "duplicate key");
                        continue;
                    }
                    auto value = scalar_text(entry.second, item_path, context);
                    if (value) pairs.emplace_back(*name, std::move(*value));
                }
                owner.*member = std::move(pairs);
                context.record(node, path);
            },
        .write =
            [member](YAML::Emitter& out, const Owner& owner) {
                out << YAML::BeginMap;
                for (const auto& [name, value] : owner.*member) {
                    out << YAML::Key << name << YAML::Value;
                    emit_text(out, value);
                }
                out << YAML::EndMap;
            },
        .child_keys = {},
        .present = [member](const Owner& owner) { return !(owner.*member).empty(); },
    };
}

}  // namespace runtime::config::detail
