#pragma once
// Builds FastCGI records: the application's answers, and the web server's side for clients
// and tests. Values in, bytes out. Pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/fastcgi/params.hpp"
#include "runtime/fastcgi/record.hpp"

namespace runtime::fastcgi {

// One record with 8-byte alignment padding. Content above kMaxContentLength: std::length_error.
void append_record(std::string& out, RecordType type, std::uint16_t id, std::string_view content);

// Stream data (PARAMS, STDIN, STDOUT, STDERR, DATA) split into records of at most
// kMaxAlignedContentLength bytes. Empty data appends nothing: an empty record would end the stream.
void append_stream(std::string& out, RecordType type, std::uint16_t id, std::string_view data);

// The empty record that ends a stream.
void append_end_of_stream(std::string& out, RecordType type, std::uint16_t id);

// --- application to web server -------------------------------------------------------------

inline void append_stdout(std::string& out, std::uint16_t id, std::string_view data) {
    append_stream(out, RecordType::stdout_stream, id, data);
}
inline void append_stderr(std::string& out, std::uint16_t id, std::string_view data) {
    append_stream(out, RecordType::stderr_stream, id, data);
}

void append_end_request(std::string& out, std::uint16_t id, std::uint32_t app_status,
                        ProtocolStatus status = ProtocolStatus::request_complete);
std::string encode_end_request(std::uint16_t id, std::uint32_t app_status,
                               ProtocolStatus status = ProtocolStatus::request_complete);

// What this application tells GET_VALUES (FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS).
struct Capabilities {
    std::uint32_t max_conns = 1;
    std::uint32_t max_reqs = 1;
    bool mpxs_conns = false;
};

// Answers the requested names in their order; names this application does not know are
// left out, as the spec requires.
std::string encode_get_values_result(const std::vector<std::string>& names, const Capabilities& capabilities);

std::string encode_unknown_type(RecordType type);

// --- web server to application (clients, tests) -------------------------------------------

std::string encode_begin_request(std::uint16_t id, Role role = Role::responder, bool keep_conn = true);
std::string encode_abort_request(std::uint16_t id);
std::string encode_get_values(const std::vector<std::string>& names);

// A whole PARAMS stream including its terminating empty record.
void append_params_stream(std::string& out, std::uint16_t id, const Params& params);

}  // namespace runtime::fastcgi
