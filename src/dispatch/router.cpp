#include "runtime/dispatch/router.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace runtime::dispatch {
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

cgi::ScriptInfo script_of(const config::PoolSettings& settings) {
    cgi::ScriptInfo script;
    script.document_root = settings.document_root;
    script.script_filename = settings.entry;
    script.script_name = "/" + std::filesystem::path(settings.entry).filename().string();
    return script;
}

}  // namespace

void Router::add(pool::Pool& pool) {
    routes_.push_back(std::make_unique<Route>(Route{&pool, script_of(pool.settings())}));
}

void Router::rebuild(std::span<pool::Pool* const> pools) {
    std::vector<std::unique_ptr<Route>> table;
    for (pool::Pool* pool : pools) {
        auto kept = std::find_if(routes_.begin(), routes_.end(), [&](const auto& r) { return r && r->pool == pool; });
        if (kept != routes_.end()) {
            (*kept)->script = script_of(pool->settings());
            table.push_back(std::move(*kept));
        } else {
            table.push_back(std::make_unique<Route>(Route{pool, script_of(pool->settings())}));
        }
    }
    for (auto& left : routes_) {
        if (left) dropped_.push_back(std::move(left));
    }
    routes_ = std::move(table);
}

const Route* Router::route(std::string_view host, std::string_view path) const {
    const Route* best = nullptr;
    std::size_t best_prefix = 0;
    bool best_has_host = false;
    for (const auto& entry : routes_) {
        const Route& candidate = *entry;
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

}  // namespace runtime::dispatch
