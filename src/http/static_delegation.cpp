#include "runtime/http/static_delegation.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "header_text.hpp"

namespace runtime::http {
namespace {

bool server_owned(std::string_view name) {
    static constexpr std::array<std::string_view, 11> kOwned{
        "Content-Length", "Transfer-Encoding", "Connection",    "Keep-Alive",   "Content-Encoding", "Content-Range",
        "Accept-Ranges",  "ETag",              "Last-Modified", "X-Sendfile",   "X-Accel-Redirect"};
    return std::any_of(kOwned.begin(), kOwned.end(), [&](std::string_view owned) { return text::iequals(name, owned); });
}

}  // namespace

std::optional<FileDelegation> find_file_delegation(int status,
                                                   const std::vector<std::pair<std::string, std::string>>& headers) {
    if (status != 200) return std::nullopt;
    std::optional<FileDelegation> delegation;
    for (const auto& [name, value] : headers) {
        const bool sendfile = text::iequals(name, "X-Sendfile");
        if (!delegation && (sendfile || text::iequals(name, "X-Accel-Redirect"))) {
            delegation = FileDelegation{sendfile ? FileDelegation::Kind::file_path : FileDelegation::Kind::uri,
                                        std::string(text::trim_ows(value)), {}};
        }
    }
    if (!delegation) return std::nullopt;
    for (const auto& [name, value] : headers) {
        if (!server_owned(name)) delegation->headers.push_back(Header{name, value});
    }
    return delegation;
}

void merge_application_headers(std::vector<Header>& answer_headers, const std::vector<Header>& application) {
    for (const Header& header : application) {
        if (server_owned(header.name)) continue;
        const auto same = std::find_if(answer_headers.begin(), answer_headers.end(),
                                       [&](const Header& h) { return text::iequals(h.name, header.name); });
        if (same != answer_headers.end() && !text::iequals(header.name, "Set-Cookie")) {
            same->value = header.value;
        } else {
            answer_headers.push_back(header);
        }
    }
}

}  // namespace runtime::http
