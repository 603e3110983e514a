#include "runtime/site/uri_path.hpp"

#include <vector>

#include "runtime/http/static_path.hpp"

namespace runtime::site {
namespace {

// RFC 3986 pchar without '%' (which starts an escape), plus '/'.
bool may_stay_raw(unsigned char c) {
    if (c >= 'a' && c <= 'z') return true;
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= '0' && c <= '9') return true;
    constexpr std::string_view kSafe = "-._~!$&'()*+,;=:@/";
    return kSafe.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string_view query_of(std::string_view target) {
    const auto question = target.find('?');
    return question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
}

Result<std::string> normalize_uri_path(std::string_view target) {
    const std::string_view raw = target.substr(0, target.find('?'));
    if (raw.empty() || raw.front() != '/') return Error{"the request target is not a path"};
    const auto decoded = http::percent_decode(raw);
    if (!decoded) return Error{"malformed or NUL percent escape in the path"};

    std::vector<std::string_view> segments;
    std::string_view rest = *decoded;
    const bool trailing_slash = rest.back() == '/';
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (segment.empty() || segment == ".") continue;
        if (segment == "..") {
            if (segments.empty()) return Error{"the path climbs above the document root"};
            segments.pop_back();
            continue;
        }
        segments.push_back(segment);
    }
    std::string path;
    path.reserve(decoded->size());
    for (const std::string_view segment : segments) path.append("/").append(segment);
    // "/a/." and "/a/.." name directories, as in nginx.
    const bool names_directory = trailing_slash || decoded->ends_with("/.") || decoded->ends_with("/..");
    if (path.empty() || names_directory) path.push_back('/');
    return path;
}

std::string encode_uri_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(path.size());
    for (const char raw : path) {
        const auto c = static_cast<unsigned char>(raw);
        if (may_stay_raw(c)) {
            out.push_back(raw);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0F]);
        }
    }
    return out;
}

}  // namespace runtime::site
