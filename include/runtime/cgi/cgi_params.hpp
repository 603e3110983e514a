#pragma once
// Maps an HTTP request to the CGI variables PHP sees in $_SERVER, the way nginx's
// fastcgi_params and php-fpm present them. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/http/request_parser.hpp"

namespace runtime::cgi {

using Param = std::pair<std::string, std::string>;

struct ConnectionInfo {
    std::string remote_addr;
    std::uint16_t remote_port = 0;
    std::string server_addr;
    std::uint16_t server_port = 0;
    bool https = false;
};

struct ScriptInfo {
    std::string document_root;    // "/srv/app/public"
    std::string script_filename;  // "/srv/app/public/index.php"
    std::string script_name;      // "/index.php"
    // Set for a script found from the request path (classic sites): PATH_INFO is sent (maybe
    // empty), PATH_TRANSLATED when it is not, and PHP_SELF is SCRIPT_NAME + PATH_INFO, as
    // php-fpm presents them.
    std::optional<std::string> path_info;  // "/extra/path", decoded
    std::string document_uri;     // DOCUMENT_URI; empty = the request path
};

// REQUEST_METHOD, REQUEST_URI, QUERY_STRING, DOCUMENT_URI, SCRIPT_*, PATH_INFO, DOCUMENT_ROOT,
// SERVER_*, REMOTE_*, CONTENT_TYPE/LENGTH, REQUEST_SCHEME, HTTPS, REDIRECT_STATUS and one
// HTTP_* per header (repeated headers joined with ", ", cookies with "; "). Headers whose
// names contain '_' are dropped (nginx's default), and so is Proxy (httpoxy).
std::vector<Param> build_cgi_params(const http::RequestHead& head, const ConnectionInfo& connection,
                                    const ScriptInfo& script);

// "HTTP_" + upper-case name with '-' -> '_'; empty if the name must be dropped.
std::string header_variable_name(std::string_view header_name);

}  // namespace runtime::cgi
