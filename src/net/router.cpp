#include "runtime/net/router.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace runtime::net {
namespace {

bool host_matches(const std::vector<std::string>& hosts, std::string_view host) {
    if (hosts.empty()) return true;
    host = host.substr(0, host.find(':'));
    return std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) {
        return h.size() == host.size() && std::equal(h.begin(), h.end(), host.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    });
}

}  // namespace

void Router::add(pool::Pool& pool) {
    const auto& settings = pool.settings();
    Route route{&pool, {}};
    route.script.document_root = settings.document_root;
    route.script.script_filename = settings.entry;
    route.script.script_name = "/" + std::filesystem::path(settings.entry).filename().string();
    routes_.push_back(std::move(route));
}

const Route* Router::route(std::string_view host, std::string_view path) const {
    const Route* best = nullptr;
    std::size_t best_prefix = 0;
    bool best_has_host = false;
    for (const Route& candidate : routes_) {
        const auto& s = candidate.pool->settings();
        if (!host_matches(s.hosts, host) || path.substr(0, s.path_prefix.size()) != s.path_prefix) continue;
        const bool has_host = !s.hosts.empty();
        if (!best || (has_host && !best_has_host) ||
            (has_host == best_has_host && s.path_prefix.size() > best_prefix)) {
            best = &candidate;
            best_prefix = s.path_prefix.size();
            best_has_host = has_host;
        }
    }
    return best;
}

}  // namespace runtime::net
