#include "runtime/fastcgi/record.hpp"

namespace runtime::fastcgi {

std::string record_type_name(RecordType type) {
    switch (type) {
        case RecordType::begin_request: return "BEGIN_REQUEST";
        case RecordType::abort_request: return "ABORT_REQUEST";
        case RecordType::end_request: return "END_REQUEST";
        case RecordType::params: return "PARAMS";
        case RecordType::stdin_stream: return "STDIN";
        case RecordType::stdout_stream: return "STDOUT";
        case RecordType::stderr_stream: return "STDERR";
        case RecordType::data: return "DATA";
        case RecordType::get_values: return "GET_VALUES";
        case RecordType::get_values_result: return "GET_VALUES_RESULT";
        case RecordType::unknown_type: return "UNKNOWN_TYPE";
    }
    return "type " + std::to_string(static_cast<unsigned>(type));
}

std::array<char, kHeaderSize> encode_header(const RecordHeader& header) {
    auto byte = [](unsigned value) { return static_cast<char>(value & 0xffu); };
    return {byte(header.version),
            byte(static_cast<unsigned>(header.type)),
            byte(header.request_id >> 8u),
            byte(header.request_id),
            byte(header.content_length >> 8u),
            byte(header.content_length),
            byte(header.padding_length),
            0};  // reserved
}

RecordHeader decode_header(std::string_view bytes) {
    auto byte = [bytes](std::size_t index) { return static_cast<unsigned char>(bytes[index]); };
    auto u16 = [&byte](std::size_t index) {
        return static_cast<std::uint16_t>((byte(index) << 8u) | byte(index + 1));
    };
    return RecordHeader{
        .version = byte(0),
        .type = static_cast<RecordType>(byte(1)),
        .request_id = u16(2),
        .content_length = u16(4),
        .padding_length = byte(6),
    };
}

}  // namespace runtime::fastcgi
