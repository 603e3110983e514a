#pragma once
// What the connection decoder reports about the web server's records. Plain values.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/fastcgi/params.hpp"
#include "runtime/fastcgi/record.hpp"

namespace runtime::fastcgi {

// A RESPONDER request became active. Other roles never reach the caller (RequestRejected).
struct BeginRequest {
    std::uint16_t id = 0;
    Role role = Role::responder;
    bool keep_conn = false;  // false: close the connection after this request's END_REQUEST
};

// The empty PARAMS record arrived: the CGI environment is complete.
struct ParamsComplete {
    std::uint16_t id = 0;
    Params params;
};

// Request body bytes, handed out as they arrive and never accumulated. The view points into
// the buffer given to ConnectionDecoder::feed and is valid as long as that buffer is.
struct StdinData {
    std::uint16_t id = 0;
    std::string_view data;
};

// The empty STDIN record arrived: the request body is complete.
struct StdinEnd {
    std::uint16_t id = 0;
};

// The web server gave up on the request. Answer with END_REQUEST, then call request_finished.
struct AbortRequest {
    std::uint16_t id = 0;
};

// Management query. Answer with encode_get_values_result(names, capabilities).
struct GetValues {
    std::vector<std::string> names;
};

// The decoder refused a BEGIN_REQUEST (role other than RESPONDER, too many concurrent
// requests). Write `reply` (END_REQUEST with `status`); close afterwards unless keep_conn.
struct RequestRejected {
    std::uint16_t id = 0;
    ProtocolStatus status = ProtocolStatus::unknown_role;
    bool keep_conn = false;
    std::string reply;
};

// A record type outside the protocol. Write `reply` (UNKNOWN_TYPE) and carry on.
struct UnknownRecordType {
    RecordType type = RecordType::unknown_type;
    std::string reply;
};

// The stream violates the protocol (bad version, malformed record, limit exceeded ...).
// The decoder reports nothing after this: close the connection.
struct ProtocolError {
    std::string reason;
};

using Event = std::variant<BeginRequest, ParamsComplete, StdinData, StdinEnd, AbortRequest, GetValues,
                           RequestRejected, UnknownRecordType, ProtocolError>;

}  // namespace runtime::fastcgi
