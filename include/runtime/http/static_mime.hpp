#pragma once
// Content-Type of a static file from its extension (built-in table, case-insensitive). Pure.
#include <string_view>

namespace runtime::http {

// "text/css; charset=utf-8" for "app.css"; "application/octet-stream" when unknown.
std::string_view mime_type_for(std::string_view file_name);

// Worth compressing: a precompressed .br/.gz sibling is looked for only for these types.
bool is_compressible_type(std::string_view mime_type);

}  // namespace runtime::http
