#pragma once
// What the HTTP front end does with a request head, whatever the protocol (HTTP/1.1 or
// HTTP/2): route it, then answer without PHP (404, redirect, 403), send a static file, or
// hand it to a worker with its CGI variables. The sessions do the I/O; this decides.
#include <optional>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/dispatch/worker_exchange.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_delegation.hpp"
#include "site_files.hpp"
#include "static_files.hpp"

namespace runtime::net {

// What every HTTP session of a listener shares.
struct FrontEnd {
    const config::HttpSettings& settings;
    dispatch::Router& router;
    StaticRoots& static_roots;
};

struct WorkerPlan {
    const dispatch::Route* route = nullptr;
    dispatch::ExchangeRequest request;
};

// Exactly one member is set.
struct RequestPlan {
    std::optional<EarlyAnswer> answer;
    std::optional<StaticAnswer> file;
    std::optional<WorkerPlan> worker;
};

// has_body: the request carries a body (HTTP/2 may send one without Content-Length).
RequestPlan plan_request(const FrontEnd& front, const http::RequestHead& head, const cgi::ConnectionInfo& connection,
                         bool has_body);

// X-Sendfile / X-Accel-Redirect: the file the application named, or a logged 404.
std::variant<StaticAnswer, EarlyAnswer> delegated_answer(const FrontEnd& front, const dispatch::Route& route,
                                                         const http::FileDelegation& delegation,
                                                         const http::RequestHead& head);

}  // namespace runtime::net
