#pragma once
// Splits a FastCGI byte stream into records without buffering their content. Pure.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/common/result.hpp"
#include "runtime/fastcgi/record.hpp"

namespace runtime::fastcgi {

// Incremental record framing. Content is handed out in the pieces it arrived in (views into
// the caller's input), so a 64 KiB STDIN record costs no copy; only a partial 8-byte header
// is kept between calls. Padding is skipped. The version is not checked here.
class RecordReader {
public:
    struct HeaderRead {
        RecordHeader header;
    };
    struct ContentRead {
        std::string_view bytes;  // the next part of the current record's content, never empty
    };
    struct RecordEnd {};         // content and padding of the current record are consumed
    using Piece = std::variant<HeaderRead, ContentRead, RecordEnd>;

    // Takes bytes from the front of `input` (advancing it) and returns the next piece, or
    // nullopt once `input` is exhausted without completing one.
    std::optional<Piece> next(std::string_view& input);

    // True between records: no header, content or padding byte is pending.
    [[nodiscard]] bool at_record_boundary() const noexcept;

private:
    enum class Stage { header, content, padding };

    Stage stage_ = Stage::header;
    std::array<char, kHeaderSize> header_bytes_{};
    std::size_t header_filled_ = 0;
    std::size_t content_left_ = 0;
    std::size_t padding_left_ = 0;
};

// A whole record, for callers that hold complete messages (tests, clients, tools).
struct Record {
    RecordHeader header;
    std::string content;
};

// Splits a complete byte string into records. Fails on a version other than 1 or when the
// bytes end inside a record.
Result<std::vector<Record>> decode_records(std::string_view bytes);

}  // namespace runtime::fastcgi
