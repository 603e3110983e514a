#include "runtime/fastcgi/encoder.hpp"

#include <array>
#include <stdexcept>

namespace runtime::fastcgi {
namespace {

std::string single_record(RecordType type, std::uint16_t id, std::string_view content) {
    std::string out;
    append_record(out, type, id, content);
    return out;
}

char byte_of(std::uint32_t value, unsigned shift) {
    return static_cast<char>((value >> shift) & 0xffu);
}

}  // namespace

void append_record(std::string& out, RecordType type, std::uint16_t id, std::string_view content) {
    if (content.size() > kMaxContentLength) throw std::length_error("FastCGI record content above 65535 bytes");
    const std::uint8_t padding = padding_for(content.size());
    const auto header = encode_header(RecordHeader{
        .version = kVersion1,
        .type = type,
        .request_id = id,
        .content_length = static_cast<std::uint16_t>(content.size()),
        .padding_length = padding,
    });
    out.reserve(out.size() + kHeaderSize + content.size() + padding);
    out.append(header.data(), header.size());
    out.append(content);
    out.append(padding, '\0');
}

void append_stream(std::string& out, RecordType type, std::uint16_t id, std::string_view data) {
    while (!data.empty()) {
        std::string_view chunk = data.substr(0, kMaxAlignedContentLength);
        append_record(out, type, id, chunk);
        data.remove_prefix(chunk.size());
    }
}

void append_end_of_stream(std::string& out, RecordType type, std::uint16_t id) {
    append_record(out, type, id, {});
}

void append_end_request(std::string& out, std::uint16_t id, std::uint32_t app_status, ProtocolStatus status) {
    const std::array<char, 8> body{byte_of(app_status, 24), byte_of(app_status, 16), byte_of(app_status, 8),
                                   byte_of(app_status, 0),  static_cast<char>(status), 0, 0, 0};
    append_record(out, RecordType::end_request, id, {body.data(), body.size()});
}

std::string encode_end_request(std::uint16_t id, std::uint32_t app_status, ProtocolStatus status) {
    std::string out;
    append_end_request(out, id, app_status, status);
    return out;
}

std::string encode_get_values_result(const std::vector<std::string>& names, const Capabilities& capabilities) {
    const std::array<Param, 3> known{
        Param{"FCGI_MAX_CONNS", std::to_string(capabilities.max_conns)},
        Param{"FCGI_MAX_REQS", std::to_string(capabilities.max_reqs)},
        Param{"FCGI_MPXS_CONNS", capabilities.mpxs_conns ? "1" : "0"},
    };
    std::array<bool, 3> answered{};
    std::string content;
    for (const auto& name : names) {
        // Each name is answered once, so a query repeating names cannot overflow the record.
        for (std::size_t i = 0; i < known.size(); ++i) {
            if (name == known[i].first && !answered[i]) {
                append_param(content, known[i].first, known[i].second);
                answered[i] = true;
            }
        }
    }
    return single_record(RecordType::get_values_result, kNullRequestId, content);
}

std::string encode_unknown_type(RecordType type) {
    const std::array<char, 8> body{static_cast<char>(type), 0, 0, 0, 0, 0, 0, 0};
    return single_record(RecordType::unknown_type, kNullRequestId, {body.data(), body.size()});
}

std::string encode_begin_request(std::uint16_t id, Role role, bool keep_conn) {
    const auto role_value = static_cast<std::uint16_t>(role);
    const std::array<char, 8> body{byte_of(role_value, 8), byte_of(role_value, 0),
                                   static_cast<char>(keep_conn ? kKeepConnFlag : 0), 0, 0, 0, 0, 0};
    return single_record(RecordType::begin_request, id, {body.data(), body.size()});
}

std::string encode_abort_request(std::uint16_t id) {
    return single_record(RecordType::abort_request, id, {});
}

std::string encode_get_values(const std::vector<std::string>& names) {
    std::string content;
    for (const auto& name : names) append_param(content, name, {});
    return single_record(RecordType::get_values, kNullRequestId, content);
}

void append_params_stream(std::string& out, std::uint16_t id, const Params& params) {
    append_stream(out, RecordType::params, id, encode_params(params));
    append_end_of_stream(out, RecordType::params, id);
}

}  // namespace runtime::fastcgi
