#include "runtime/fastcgi/decoder.hpp"

#include "runtime/fastcgi/encoder.hpp"

namespace runtime::fastcgi {
namespace {

constexpr std::size_t kBeginRequestBodySize = 8;

bool is_protocol_type(RecordType type) {
    const auto value = static_cast<std::uint8_t>(type);
    return value >= static_cast<std::uint8_t>(RecordType::begin_request) &&
           value <= static_cast<std::uint8_t>(RecordType::unknown_type);
}

std::string id_text(std::uint16_t id) { return "request id " + std::to_string(id); }

}  // namespace

ConnectionDecoder::ConnectionDecoder(DecoderLimits limits) : limits_(limits) {}

std::vector<Event> ConnectionDecoder::feed(std::string_view bytes) {
    std::vector<Event> out;
    feed(bytes, out);
    return out;
}

void ConnectionDecoder::feed(std::string_view bytes, std::vector<Event>& out) {
    while (!failed_) {
        auto piece = reader_.next(bytes);
        if (!piece) return;
        if (auto* header = std::get_if<RecordReader::HeaderRead>(&*piece)) {
            on_header(header->header, out);
        } else if (auto* content = std::get_if<RecordReader::ContentRead>(&*piece)) {
            on_content(content->bytes, out);
        } else {
            on_record_end(out);
        }
    }
}

void ConnectionDecoder::request_finished(std::uint16_t id) { requests_.erase(id); }

ConnectionDecoder::Request* ConnectionDecoder::find_request(std::uint16_t id) {
    auto found = requests_.find(id);
    return found == requests_.end() ? nullptr : &found->second;
}

void ConnectionDecoder::on_header(const RecordHeader& header, std::vector<Event>& out) {
    current_ = header;
    content_use_ = ContentUse::skip;
    body_.clear();
    if (header.version != kVersion1) {
        return protocol_error("unsupported FastCGI version " + std::to_string(header.version), out);
    }
    switch (header.type) {
        case RecordType::begin_request:
            if (header.content_length != kBeginRequestBodySize) {
                return protocol_error("BEGIN_REQUEST body of " + std::to_string(header.content_length) +
                                          " bytes instead of 8",
                                      out);
            }
            if (header.request_id == kNullRequestId) return protocol_error("BEGIN_REQUEST for request id 0", out);
            content_use_ = ContentUse::buffer;
            return;
        case RecordType::get_values:
            if (header.request_id != kNullRequestId) {
                return protocol_error("GET_VALUES for " + id_text(header.request_id) + " instead of 0", out);
            }
            content_use_ = ContentUse::buffer;
            return;
        case RecordType::params:
        case RecordType::stdin_stream:
        case RecordType::data:
            return start_stream_record(header, out);
        case RecordType::abort_request:
            return;  // no body; handled once the record is complete
        case RecordType::end_request:
        case RecordType::stdout_stream:
        case RecordType::stderr_stream:
        case RecordType::get_values_result:
        case RecordType::unknown_type:
            return protocol_error("unexpected " + record_type_name(header.type) + " record from the web server", out);
    }
    // A type outside the protocol: its body is skipped and UNKNOWN_TYPE sent at its end.
}

// PARAMS, STDIN and DATA belong to a request; for inactive ids they are ignored.
void ConnectionDecoder::start_stream_record(const RecordHeader& header, std::vector<Event>& out) {
    Request* request = find_request(header.request_id);
    if (request == nullptr || request->phase == Phase::aborted) return;
    const std::string where = " for " + id_text(header.request_id);
    switch (header.type) {
        case RecordType::params:
            if (request->phase != Phase::params) return protocol_error("PARAMS after the end of the params" + where, out);
            content_use_ = ContentUse::params;
            return;
        case RecordType::stdin_stream:
            if (request->phase == Phase::params) return protocol_error("STDIN before the end of the params" + where, out);
            if (request->phase == Phase::input_complete) {
                return protocol_error("STDIN after the end of the body" + where, out);
            }
            content_use_ = ContentUse::stdin_body;
            return;
        default:
            return protocol_error(record_type_name(header.type) + " record for a RESPONDER request" + where, out);
    }
}

void ConnectionDecoder::on_content(std::string_view bytes, std::vector<Event>& out) {
    switch (content_use_) {
        case ContentUse::skip:
            return;
        case ContentUse::buffer:
            body_.append(bytes);
            return;
        case ContentUse::params:
            if (Request* request = find_request(current_.request_id)) {
                if (auto error = request->params.feed(bytes)) protocol_error(error->message, out);
            }
            return;
        case ContentUse::stdin_body:
            if (find_request(current_.request_id) != nullptr) out.push_back(StdinData{current_.request_id, bytes});
            return;
    }
}

void ConnectionDecoder::on_record_end(std::vector<Event>& out) {
    const bool end_of_stream = current_.content_length == 0;
    switch (current_.type) {
        case RecordType::begin_request:
            return finish_begin_request(out);
        case RecordType::abort_request:
            return finish_abort(out);
        case RecordType::get_values:
            return finish_get_values(out);
        case RecordType::params:
            if (content_use_ == ContentUse::params && end_of_stream) finish_params(out);
            return;
        case RecordType::stdin_stream:
            if (content_use_ == ContentUse::stdin_body && end_of_stream) finish_stdin(out);
            return;
        default:
            if (!is_protocol_type(current_.type)) {
                out.push_back(UnknownRecordType{current_.type, encode_unknown_type(current_.type)});
            }
            return;
    }
}

void ConnectionDecoder::finish_begin_request(std::vector<Event>& out) {
    const std::uint16_t id = current_.request_id;
    const auto byte = [this](std::size_t index) { return static_cast<unsigned char>(body_[index]); };
    const auto role = static_cast<Role>((byte(0) << 8u) | byte(1));
    const bool keep_conn = (byte(2) & kKeepConnFlag) != 0;
    if (requests_.contains(id)) return protocol_error("BEGIN_REQUEST for active " + id_text(id), out);

    auto reject = [&](ProtocolStatus status) {
        out.push_back(RequestRejected{id, status, keep_conn, encode_end_request(id, 0, status)});
    };
    if (role != Role::responder) return reject(ProtocolStatus::unknown_role);
    if (requests_.size() >= limits_.max_concurrent_requests) {
        return reject(limits_.max_concurrent_requests <= 1 ? ProtocolStatus::cant_mpx_conn
                                                           : ProtocolStatus::overloaded);
    }
    requests_.emplace(id, Request{Phase::params, ParamsDecoder(limits_.params)});
    out.push_back(BeginRequest{id, role, keep_conn});
}

void ConnectionDecoder::finish_abort(std::vector<Event>& out) {
    Request* request = find_request(current_.request_id);
    if (request == nullptr || request->phase == Phase::aborted) return;
    request->phase = Phase::aborted;  // later input for this id is ignored until request_finished
    out.push_back(AbortRequest{current_.request_id});
}

void ConnectionDecoder::finish_get_values(std::vector<Event>& out) {
    auto pairs = decode_params(body_, limits_.params);
    if (!pairs) return protocol_error("malformed GET_VALUES: " + pairs.error().message, out);
    GetValues query;
    query.names.reserve(pairs->size());
    for (auto& pair : *pairs) query.names.push_back(std::move(pair.first));
    out.push_back(std::move(query));
}

void ConnectionDecoder::finish_params(std::vector<Event>& out) {
    Request* request = find_request(current_.request_id);
    if (request == nullptr) return;
    auto params = request->params.finish();
    if (!params) return protocol_error(params.error().message, out);
    request->phase = Phase::stdin_body;
    out.push_back(ParamsComplete{current_.request_id, std::move(params).value()});
}

void ConnectionDecoder::finish_stdin(std::vector<Event>& out) {
    Request* request = find_request(current_.request_id);
    if (request == nullptr) return;
    request->phase = Phase::input_complete;
    out.push_back(StdinEnd{current_.request_id});
}

void ConnectionDecoder::protocol_error(std::string reason, std::vector<Event>& out) {
    failed_ = true;
    out.push_back(ProtocolError{std::move(reason)});
}

}  // namespace runtime::fastcgi
