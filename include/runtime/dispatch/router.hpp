#pragma once
// Picks the pool for a request: matching host (or any), then the longest path prefix.
// Routes copy what they need from the pools' settings when added: rebuild on a config change.
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime/pool/pool.hpp"

namespace runtime::dispatch {

struct Route {
    pool::Pool* pool = nullptr;
    cgi::ScriptInfo script;  // the pool's front controller as $_SERVER presents it
};

class Router {
public:
    void add(pool::Pool& pool);
    // Replaces the table with these pools, in order (configuration reload). A Route handed out
    // earlier stays valid: kept pools' routes are updated in place, dropped ones are parked,
    // because requests in flight still hold them.
    void rebuild(std::span<pool::Pool* const> pools);
    const Route* route(std::string_view host, std::string_view path) const;

private:
    std::vector<std::unique_ptr<Route>> routes_;
    std::vector<std::unique_ptr<Route>> dropped_;
};

}  // namespace runtime::dispatch
