#include "runtime/http/static_path.hpp"

#include <array>

#include "header_text.hpp"

namespace runtime::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool ends_with_icase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text::iequals(text.substr(text.size() - suffix.size()), suffix);
}

// The one hidden directory public sites rely on (ACME challenges, security.txt).
constexpr std::string_view kWellKnown = ".well-known";

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (text.size() - i < 3) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        const char decoded = static_cast<char>(high * 16 + low);
        if (decoded == '\0') return std::nullopt;
        out.push_back(decoded);
        i += 2;
    }
    return out;
}

bool is_php_script_name(std::string_view name) {
    static constexpr std::array<std::string_view, 9> kScriptSuffixes{
        ".php", ".phtml", ".phar", ".php3", ".php4", ".php5", ".php7", ".php8", ".phps"};
    for (const auto suffix : kScriptSuffixes) {
        if (ends_with_icase(name, suffix)) return true;
    }
    return false;
}

StaticPath resolve_static_path(std::string_view target) {
    StaticPath result;
    const std::string_view path = target.substr(0, target.find('?'));
    if (path.empty() || path.front() != '/') {
        result.refusal = StaticPathRefusal::not_absolute;
        return result;
    }
    if (path.back() == '/') {
        result.refusal = StaticPathRefusal::directory;
        return result;
    }
    // Segments are split on the raw '/', then decoded one by one: an encoded separator must
    // not create a segment the check below never saw.
    std::string_view rest = path;
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view raw = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (raw.empty()) continue;
        const auto segment = percent_decode(raw);
        if (!segment || segment->find_first_of("/\\") != std::string::npos) {
            result.refusal = StaticPathRefusal::bad_encoding;
            return result;
        }
        if (*segment == ".") continue;
        if (*segment == "..") {
            result.refusal = StaticPathRefusal::traversal;
            return result;
        }
        if (!result.relative.empty()) result.relative.push_back('/');
        result.relative.append(*segment);
    }
    result.refusal =
        result.relative.empty() ? std::optional(StaticPathRefusal::directory) : check_file_path(result.relative);
    return result;
}

std::optional<StaticPathRefusal> check_file_path(std::string_view relative) {
    while (!relative.empty()) {
        const std::size_t slash = relative.find('/');
        const std::string_view segment = relative.substr(0, slash);
        relative = slash == std::string_view::npos ? std::string_view() : relative.substr(slash + 1);
        if (segment == "..") return StaticPathRefusal::traversal;
        if (!segment.empty() && segment.front() == '.' && !(segment == kWellKnown && !relative.empty()))
            return StaticPathRefusal::hidden;
        if (relative.empty() && is_php_script_name(segment)) return StaticPathRefusal::script;
    }
    return std::nullopt;
}

}  // namespace runtime::http
