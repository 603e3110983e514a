#pragma once
// ALPN protocol choice (RFC 7301) on the server side. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runtime::tls {

// The first of `preferred` (server order) that the client offered. `client_wire` is the
// ClientHello's list: length-prefixed names. A malformed list offers nothing past the fault.
std::optional<std::string_view> select_alpn(const std::vector<std::string>& preferred, std::string_view client_wire);

}  // namespace runtime::tls
