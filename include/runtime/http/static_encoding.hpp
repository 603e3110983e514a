#pragma once
// Picks a precompressed representation (file.br / file.gz next to the file) from the
// client's Accept-Encoding (RFC 9110 12.5.3). Pure.
#include <optional>
#include <string_view>

namespace runtime::http {

enum class ContentCoding { identity, gzip, br };

struct AvailableCodings {
    bool br = false;    // a regular file "<name>.br" exists
    bool gzip = false;  // a regular file "<name>.gz" exists
};

// Highest q-value wins; br before gzip on a tie; q=0 refuses a coding, "*" covers the unnamed.
// No Accept-Encoding header: identity.
ContentCoding choose_coding(std::optional<std::string_view> accept_encoding, AvailableCodings available);

// The Content-Encoding token and the sibling's file suffix ("br" / ".br"); empty for identity.
std::string_view coding_token(ContentCoding coding);
std::string_view coding_suffix(ContentCoding coding);

}  // namespace runtime::http
