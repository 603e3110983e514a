#pragma once
// Validators and conditional requests for static files (RFC 9110 8.8, 13). Pure.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace runtime::http {

// Strong entity tag from size and modification time, nginx style: "<mtime hex>-<size hex>".
// A precompressed sibling is its own file, so it gets its own tag.
std::string make_etag(std::uint64_t size, std::time_t mtime);

// Parses an HTTP-date: IMF-fixdate, plus the obsolete RFC 850 and asctime forms.
std::optional<std::time_t> parse_http_date(std::string_view text);

struct Validators {
    std::string etag;     // strong tag, quoted
    std::time_t last_modified = 0;
};

enum class Precondition {
    proceed,              // send the representation
    not_modified,         // 304 (GET/HEAD only)
    failed,               // 412
};

struct ConditionalHeaders {
    std::optional<std::string_view> if_match;
    std::optional<std::string_view> if_none_match;
    std::optional<std::string_view> if_modified_since;
    std::optional<std::string_view> if_unmodified_since;
};

// RFC 9110 13.2.2 evaluation order, for a GET or HEAD of an existing file.
Precondition evaluate_preconditions(const ConditionalHeaders& request, const Validators& current);

// If-Range (RFC 9110 13.1.5): true when the Range header may be honoured.
bool if_range_allows(std::optional<std::string_view> if_range, const Validators& current);

}  // namespace runtime::http
