#pragma once
// X-Sendfile / X-Accel-Redirect: the application names a file and the server sends it, so the
// worker is free as soon as it has answered. Pure: which header, which target, which of the
// application's headers travel with the file.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/http/request_parser.hpp"

namespace runtime::http {

struct FileDelegation {
    enum class Kind {
        file_path,  // X-Sendfile: an absolute file path
        uri,        // X-Accel-Redirect: a path resolved under the sendfile roots
    };
    Kind kind = Kind::file_path;
    std::string target;
    std::vector<Header> headers;  // the application's other headers
};

// The delegation the application asked for (the first X-Sendfile or X-Accel-Redirect header),
// or std::nullopt. Only a 200 response delegates: other statuses are sent as they are.
std::optional<FileDelegation> find_file_delegation(int status,
                                                   const std::vector<std::pair<std::string, std::string>>& headers);

// Puts the application's headers on a static answer: its Content-Type, Content-Disposition,
// Cache-Control ... replace or join the file's; framing, range and validator headers stay the
// server's, since they describe the bytes it sends.
void merge_application_headers(std::vector<Header>& answer_headers, const std::vector<Header>& application);

}  // namespace runtime::http
