#pragma once
// FastCGI 1.0 record layer: protocol constants and the 8-byte record header. Pure.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace runtime::fastcgi {

inline constexpr std::uint8_t kVersion1 = 1;
inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kMaxContentLength = 0xffff;
// Largest 8-byte aligned content length: full stream records need no padding.
inline constexpr std::size_t kMaxAlignedContentLength = 0xfff8;
inline constexpr std::uint16_t kNullRequestId = 0;  // management records (GET_VALUES ...)
inline constexpr std::uint8_t kKeepConnFlag = 1;     // FCGI_KEEP_CONN in BEGIN_REQUEST flags

// Wire values of the record types. The enum may also hold values outside this list:
// a peer can send any byte, and unknown types are answered with UNKNOWN_TYPE.
enum class RecordType : std::uint8_t {
    begin_request = 1,
    abort_request = 2,
    end_request = 3,
    params = 4,
    stdin_stream = 5,   // "stdin"/"stdout"/"stderr" are macros of <cstdio>
    stdout_stream = 6,
    stderr_stream = 7,
    data = 8,
    get_values = 9,
    get_values_result = 10,
    unknown_type = 11,
};

enum class Role : std::uint16_t {
    responder = 1,
    authorizer = 2,
    filter = 3,
};

// protocolStatus of END_REQUEST.
enum class ProtocolStatus : std::uint8_t {
    request_complete = 0,
    cant_mpx_conn = 1,
    overloaded = 2,
    unknown_role = 3,
};

// "PARAMS", "STDIN", ... or "type 42" for values outside the protocol (for error messages).
std::string record_type_name(RecordType type);

struct RecordHeader {
    std::uint8_t version = kVersion1;
    RecordType type = RecordType::unknown_type;
    std::uint16_t request_id = kNullRequestId;
    std::uint16_t content_length = 0;
    std::uint8_t padding_length = 0;

    friend bool operator==(const RecordHeader&, const RecordHeader&) = default;
};

// Padding that brings `content_length` to a multiple of 8 (what php-fpm and nginx send).
constexpr std::uint8_t padding_for(std::size_t content_length) {
    return static_cast<std::uint8_t>((8 - content_length % 8) % 8);
}

std::array<char, kHeaderSize> encode_header(const RecordHeader& header);

// Reads the first kHeaderSize bytes of `bytes` (precondition: at least that many). Does not
// validate: the version and type are checked by whoever interprets the record.
RecordHeader decode_header(std::string_view bytes);

}  // namespace runtime::fastcgi
