#include "runtime/cgi/cgi_params.hpp"

#include <algorithm>
#include <cctype>

namespace runtime::cgi {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string server_name_from_host(std::string_view host, const ConnectionInfo& connection) {
    if (host.empty()) return connection.server_addr;
    if (host.front() == '[') {  // [::1]:8080
        const auto close = host.find(']');
        return std::string(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
    }
    return std::string(host.substr(0, host.find(':')));
}

}  // namespace

std::string header_variable_name(std::string_view name) {
    if (name.find('_') != std::string_view::npos || iequals(name, "proxy")) return {};
    std::string out = "HTTP_";
    out.reserve(5 + name.size());
    for (char c : name) out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
}

std::vector<Param> build_cgi_params(const http::RequestHead& head, const ConnectionInfo& connection,
                                    const ScriptInfo& script) {
    std::vector<Param> params;
    params.reserve(24 + head.headers.size());
    const std::string_view target = head.target;
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

    params.emplace_back("GATEWAY_INTERFACE", "CGI/1.1");
    params.emplace_back("SERVER_SOFTWARE", "runtime-supercharger");
    params.emplace_back("REQUEST_METHOD", head.method);
    params.emplace_back("REQUEST_URI", head.target);
    params.emplace_back("QUERY_STRING", std::string(query));
    params.emplace_back("DOCUMENT_URI", script.document_uri.empty() ? std::string(path) : script.document_uri);
    params.emplace_back("DOCUMENT_ROOT", script.document_root);
    params.emplace_back("SCRIPT_FILENAME", script.script_filename);
    params.emplace_back("SCRIPT_NAME", script.script_name);
    if (script.path_info) {
        params.emplace_back("PATH_INFO", *script.path_info);
        if (!script.path_info->empty()) params.emplace_back("PATH_TRANSLATED", script.document_root + *script.path_info);
        params.emplace_back("PHP_SELF", script.script_name + *script.path_info);
    } else {
        params.emplace_back("PHP_SELF", script.script_name);
    }
    params.emplace_back("SERVER_PROTOCOL",
                        "HTTP/" + std::to_string(head.version_major) + "." + std::to_string(head.version_minor));
    params.emplace_back("REQUEST_SCHEME", connection.https ? "https" : "http");
    if (connection.https) params.emplace_back("HTTPS", "on");
    params.emplace_back("REMOTE_ADDR", connection.remote_addr);
    params.emplace_back("REMOTE_PORT", std::to_string(connection.remote_port));
    params.emplace_back("SERVER_ADDR", connection.server_addr);
    params.emplace_back("SERVER_PORT", std::to_string(connection.server_port));
    params.emplace_back("SERVER_NAME", server_name_from_host(head.find("Host").value_or(""), connection));
    params.emplace_back("REDIRECT_STATUS", "200");
    if (auto type = head.find("Content-Type")) params.emplace_back("CONTENT_TYPE", std::string(*type));
    if (head.content_length) params.emplace_back("CONTENT_LENGTH", std::to_string(*head.content_length));

    // Repeated headers become one variable, as nginx and php-fpm present them.
    const std::size_t first_header = params.size();
    for (const auto& header : head.headers) {
        std::string name = header_variable_name(header.name);
        if (name.empty()) continue;
        auto existing = std::find_if(params.begin() + static_cast<std::ptrdiff_t>(first_header), params.end(),
                                     [&](const Param& p) { return p.first == name; });
        if (existing == params.end()) {
            params.emplace_back(std::move(name), header.value);
        } else {
            existing->second.append(name == "HTTP_COOKIE" ? "; " : ", ").append(header.value);
        }
    }
    return params;
}

}  // namespace runtime::cgi
