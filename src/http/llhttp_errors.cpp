#include "llhttp_errors.hpp"

#include <array>
#include <string>

namespace runtime::http {
namespace {

struct StatusForError {
    llhttp_errno_t code;
    int status;
};

// Everything not listed is a malformed request: 400.
constexpr std::array kStatusForError{
    // llhttp only knows registered methods; an unknown one is "not implemented" (RFC 9110 9.1).
    StatusForError{HPE_INVALID_METHOD, 501},
    StatusForError{HPE_INVALID_VERSION, 505},
    // Transfer-Encoding whose final coding is not chunked (gzip, "chunked, gzip", ...).
    StatusForError{HPE_INVALID_TRANSFER_ENCODING, 501},
    // We never tunnel: CONNECT and protocol upgrades are refused.
    StatusForError{HPE_PAUSED_UPGRADE, 501},
    StatusForError{HPE_PAUSED_H2_UPGRADE, 501},
    StatusForError{HPE_INVALID_URL, 400},
    StatusForError{HPE_INVALID_CONSTANT, 400},
    StatusForError{HPE_INVALID_HEADER_TOKEN, 400},
    StatusForError{HPE_INVALID_CONTENT_LENGTH, 400},
    StatusForError{HPE_UNEXPECTED_CONTENT_LENGTH, 400},  // duplicate, or together with Transfer-Encoding
    StatusForError{HPE_INVALID_CHUNK_SIZE, 400},
    StatusForError{HPE_CLOSED_CONNECTION, 400},           // bytes after a request that closes the connection
    StatusForError{HPE_INVALID_EOF_STATE, 400},
};

}  // namespace

ParseError parse_error_from_llhttp(llhttp_errno_t code, const char* reason) {
    ParseError error;
    error.status = 400;
    for (const auto& entry : kStatusForError) {
        if (entry.code == code) {
            error.status = entry.status;
            break;
        }
    }
    error.reason = reason != nullptr && *reason != '\0' ? std::string(reason) : std::string(llhttp_errno_name(code));
    return error;
}

}  // namespace runtime::http
