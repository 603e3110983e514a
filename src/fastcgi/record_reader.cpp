#include "runtime/fastcgi/record_reader.hpp"

#include <algorithm>

namespace runtime::fastcgi {

std::optional<RecordReader::Piece> RecordReader::next(std::string_view& input) {
    while (!input.empty() || stage_ == Stage::padding) {
        switch (stage_) {
            case Stage::header: {
                std::size_t take = std::min(kHeaderSize - header_filled_, input.size());
                std::copy_n(input.data(), take, header_bytes_.data() + header_filled_);
                header_filled_ += take;
                input.remove_prefix(take);
                if (header_filled_ < kHeaderSize) return std::nullopt;
                header_filled_ = 0;
                RecordHeader header = decode_header({header_bytes_.data(), kHeaderSize});
                content_left_ = header.content_length;
                padding_left_ = header.padding_length;
                stage_ = content_left_ > 0 ? Stage::content : Stage::padding;
                return HeaderRead{header};
            }
            case Stage::content: {
                std::size_t take = std::min(content_left_, input.size());
                std::string_view bytes = input.substr(0, take);
                input.remove_prefix(take);
                content_left_ -= take;
                if (content_left_ == 0) stage_ = Stage::padding;
                return ContentRead{bytes};
            }
            case Stage::padding: {
                std::size_t take = std::min(padding_left_, input.size());
                input.remove_prefix(take);
                padding_left_ -= take;
                if (padding_left_ > 0) return std::nullopt;
                stage_ = Stage::header;
                return RecordEnd{};
            }
        }
    }
    return std::nullopt;
}

bool RecordReader::at_record_boundary() const noexcept {
    return stage_ == Stage::header && header_filled_ == 0;
}

Result<std::vector<Record>> decode_records(std::string_view bytes) {
    std::vector<Record> records;
    RecordReader reader;
    while (auto piece = reader.next(bytes)) {
        if (auto* read = std::get_if<RecordReader::HeaderRead>(&*piece)) {
            if (read->header.version != kVersion1) {
                return Error{"unsupported FastCGI version " + std::to_string(read->header.version)};
            }
            records.push_back(Record{read->header, {}});
        } else if (auto* content = std::get_if<RecordReader::ContentRead>(&*piece)) {
            records.back().content.append(content->bytes);
        }
    }
    if (!reader.at_record_boundary()) return Error{"FastCGI stream ends inside a record"};
    return records;
}

}  // namespace runtime::fastcgi
