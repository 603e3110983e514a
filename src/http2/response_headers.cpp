#include "runtime/http2/response_headers.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace runtime::http2 {
namespace {

std::string lower(std::string_view name) {
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Connection management is per hop and HTTP/2 has its own framing.
bool is_connection_specific(std::string_view lower_name) {
    constexpr std::array<std::string_view, 5> kDropped{"connection", "keep-alive", "proxy-connection",
                                                       "transfer-encoding", "upgrade"};
    return std::find(kDropped.begin(), kDropped.end(), lower_name) != kDropped.end();
}

bool body_forbidden(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

bool valid_name(const std::string& name) {
    return !name.empty() && name.front() != ':' &&
           nghttp2_check_header_name(reinterpret_cast<const std::uint8_t*>(name.data()), name.size()) != 0;
}

bool valid_value(const std::string& value) {
    return nghttp2_check_header_value_rfc9113(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()) != 0;
}

}  // namespace

Result<std::vector<http::Header>> response_header_block(const ResponseSpec& spec) {
    if (spec.status < 100 || spec.status > 999) return Error{"invalid response status " + std::to_string(spec.status)};
    std::vector<http::Header> block;
    block.reserve(spec.headers.size() + 2);
    block.push_back(http::Header{":status", std::to_string(spec.status)});
    const bool ours = spec.content_length && !body_forbidden(spec.status);
    for (const auto& header : spec.headers) {
        std::string name = lower(header.name);
        if (!valid_name(name)) return Error{"invalid response header name '" + header.name + "'"};
        if (!valid_value(header.value))
            return Error{"response header " + header.name + " has a value HTTP/2 cannot carry"};
        if (is_connection_specific(name)) continue;
        if (name == "content-length" && (ours || body_forbidden(spec.status))) continue;
        block.push_back(http::Header{std::move(name), header.value});
    }
    if (ours) block.push_back(http::Header{"content-length", std::to_string(*spec.content_length)});
    return block;
}

}  // namespace runtime::http2
