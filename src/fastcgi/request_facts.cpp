#include "runtime/fastcgi/request_facts.hpp"

#include <charconv>

namespace runtime::fastcgi {
namespace {

std::string first_present(const Params& params, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) {
        if (auto value = find_param(params, name); value && !value->empty()) return std::string(*value);
    }
    return {};
}

std::int64_t parse_length(std::string_view text) {
    std::int64_t value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) return -1;
    return value;
}

}  // namespace

std::optional<std::string_view> find_param(const Params& params, std::string_view name) {
    for (auto it = params.rbegin(); it != params.rend(); ++it) {
        if (it->first == name) return std::string_view(it->second);
    }
    return std::nullopt;
}

RequestFacts request_facts(const Params& params) {
    RequestFacts facts;
    facts.method = first_present(params, {"REQUEST_METHOD"});
    if (facts.method.empty()) facts.method = "GET";
    facts.uri = first_present(params, {"REQUEST_URI", "DOCUMENT_URI"});
    facts.host = first_present(params, {"HTTP_HOST", "SERVER_NAME"});
    facts.route_path = first_present(params, {"DOCUMENT_URI", "SCRIPT_NAME"});
    if (facts.route_path.empty()) {
        const std::string uri = first_present(params, {"REQUEST_URI"});
        facts.route_path = uri.substr(0, uri.find('?'));
    }
    if (facts.route_path.empty()) facts.route_path = "/";
    facts.script_filename = first_present(params, {"SCRIPT_FILENAME"});
    if (auto length = find_param(params, "CONTENT_LENGTH")) facts.content_length = parse_length(*length);
    return facts;
}

}  // namespace runtime::fastcgi
