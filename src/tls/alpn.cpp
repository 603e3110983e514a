#include "runtime/tls/alpn.hpp"

namespace runtime::tls {

std::optional<std::string_view> select_alpn(const std::vector<std::string>& preferred, std::string_view client_wire) {
    for (const std::string& wanted : preferred) {
        std::string_view rest = client_wire;
        while (!rest.empty()) {
            const std::size_t length = static_cast<unsigned char>(rest.front());
            if (length == 0 || length + 1 > rest.size()) break;
            const std::string_view offered = rest.substr(1, length);
            if (offered == wanted) return offered;  // a view into client_wire, as OpenSSL wants
            rest.remove_prefix(length + 1);
        }
    }
    return std::nullopt;
}

}  // namespace runtime::tls
