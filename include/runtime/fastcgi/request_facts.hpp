#pragma once
// What the server itself needs from a request's FastCGI params: routing, logging, the body
// length and the script to run. The params themselves reach PHP untouched, as $_SERVER. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/fastcgi/params.hpp"

namespace runtime::fastcgi {

struct RequestFacts {
    std::string method;           // REQUEST_METHOD; "GET" when absent
    std::string uri;              // REQUEST_URI, else DOCUMENT_URI: for logs and status pages
    std::string host;             // HTTP_HOST, else SERVER_NAME
    std::string route_path;       // DOCUMENT_URI, else SCRIPT_NAME, else REQUEST_URI without its query
    std::string script_filename;  // SCRIPT_FILENAME; empty when absent
    std::int64_t content_length = -1;  // CONTENT_LENGTH; -1 when absent, empty or not a number
};

// The value of the last pair named `name` (a later fastcgi_param overrides an earlier one,
// as in php-fpm).
std::optional<std::string_view> find_param(const Params& params, std::string_view name);

RequestFacts request_facts(const Params& params);

}  // namespace runtime::fastcgi
