#pragma once
// Binds a flag or environment variable to one Overrides member through a field parser.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/config/overrides.hpp"

namespace runtime::config::detail {

// Parses `text` into the bound member; returns the parser's error message on failure.
using AssignOverride = std::function<std::optional<std::string>(Overrides&, std::string_view text)>;

template <typename T, typename Parse>
AssignOverride assign_to(std::optional<T> Overrides::*member, Parse parse) {
    return [member, parse](Overrides& overrides, std::string_view text) -> std::optional<std::string> {
        auto value = parse(text);
        if (!value) return value.error().message;
        overrides.*member = std::move(value.value());
        return std::nullopt;
    };
}

// For switches without a value (--no-prototype): always stores `value`.
template <typename T>
AssignOverride set_to(std::optional<T> Overrides::*member, T value) {
    return [member, value](Overrides& overrides, std::string_view) -> std::optional<std::string> {
        overrides.*member = value;
        return std::nullopt;
    };
}

}  // namespace runtime::config::detail
