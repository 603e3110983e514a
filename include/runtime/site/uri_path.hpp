#pragma once
// The path of a request target as nginx sees it ($uri): percent-decoded, slashes merged,
// "." and ".." segments resolved. Pure.
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"

namespace runtime::site {

// `target` is the request target; the query (from '?') is not part of the path. Fails (the
// request is a 400) on a target that is not a path ("*", absolute-form), on a malformed or
// NUL escape, and on ".." above the root. An encoded '/' (%2F) becomes a separator, as in nginx;
// the result starts with '/' and keeps a trailing '/'.
Result<std::string> normalize_uri_path(std::string_view target);

// The query of `target` without '?'; empty when there is none.
std::string_view query_of(std::string_view target);

// Percent-encodes what may not appear raw in a Location path (space, '%', '?', '#', controls,
// bytes above 0x7E), leaving '/' and the other path characters as they are.
std::string encode_uri_path(std::string_view path);

}  // namespace runtime::site
