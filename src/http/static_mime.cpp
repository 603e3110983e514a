#include "runtime/http/static_mime.hpp"

#include <array>
#include <utility>

#include "header_text.hpp"

namespace runtime::http {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Common web types (nginx's mime.types plus modern formats); text gets an explicit charset.
constexpr std::array<Entry, 58> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"xml", "application/xml"},
    {"rss", "application/rss+xml"},
    {"atom", "application/atom+xml"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"ics", "text/calendar; charset=utf-8"},
    {"vtt", "text/vtt; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"svg", "image/svg+xml"},
    {"svgz", "image/svg+xml"},
    {"ico", "image/vnd.microsoft.icon"},
    {"bmp", "image/bmp"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"eot", "application/vnd.ms-fontobject"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"oga", "audio/ogg"},
    {"wav", "audio/wav"},
    {"flac", "audio/flac"},
    {"m4a", "audio/mp4"},
    {"mp4", "video/mp4"},
    {"m4v", "video/mp4"},
    {"webm", "video/webm"},
    {"ogv", "video/ogg"},
    {"mov", "video/quicktime"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tgz", "application/gzip"},
    {"br", "application/octet-stream"},
    {"tar", "application/x-tar"},
    {"7z", "application/x-7z-compressed"},
    {"wasm", "application/wasm"},
    {"doc", "application/msword"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"epub", "application/epub+zip"},
}};

constexpr std::string_view kDefault = "application/octet-stream";

}  // namespace

std::string_view mime_type_for(std::string_view file_name) {
    const std::size_t slash = file_name.rfind('/');
    const std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    const std::size_t dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return kDefault;
    const std::string_view extension = base.substr(dot + 1);
    for (const auto& [known, type] : kTypes) {
        if (text::iequals(known, extension)) return type;
    }
    return kDefault;
}

bool is_compressible_type(std::string_view mime_type) {
    const std::string_view essence = mime_type.substr(0, mime_type.find(';'));
    static constexpr std::array<std::string_view, 8> kCompressible{
        "application/json", "application/manifest+json", "application/xml", "application/rss+xml",
        "application/atom+xml", "image/svg+xml", "application/wasm", "application/vnd.ms-fontobject"};
    if (essence.substr(0, 5) == "text/") return true;
    for (const auto type : kCompressible) {
        if (essence == type) return true;
    }
    return essence == "font/ttf" || essence == "font/otf";
}

}  // namespace runtime::http
