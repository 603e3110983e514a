#include "runtime/http/early_hints.hpp"

#include "header_text.hpp"

namespace runtime::http {

Result<std::string> serialize_early_hints(const std::vector<std::pair<std::string, std::string>>& headers) {
    if (headers.empty()) return Error{"early hints without fields"};
    std::string head = "HTTP/1.1 103 Early Hints\r\n";
    for (const auto& [name, value] : headers) {
        if (!text::is_token(name)) return Error{"early hint field name '" + name + "' is not a token"};
        if (!text::is_safe_field_value(value)) return Error{"early hint " + name + " carries CR, LF or NUL"};
        head.append(name).append(": ").append(value).append("\r\n");
    }
    head += "\r\n";
    return head;
}

}  // namespace runtime::http
