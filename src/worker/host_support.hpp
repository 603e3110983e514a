#pragma once
// What both request sources (the master's frames, a direct FastCGI connection) hand to the
// SAPI: a request built from CGI variables, and the report that closes it.
#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/ipc/messages.hpp"
#include "runtime/worker/options.hpp"
#include "runtime_sapi.h"

namespace runtime::worker {

// Fills `req` from the CGI variables; `req` points into `params` and `server`, which must
// outlive the request. A body of unknown length (chunked) gets its spooled size as
// CONTENT_LENGTH, as behind nginx.
void fill_sapi_request(std::vector<ipc::Pair>& params, std::int64_t declared_length, std::size_t body_size,
                       double request_time, std::uint32_t timeout_seconds, std::vector<rs_sapi_pair>& server,
                       rs_sapi_request& req);

// The request_done report for the master. `stopping`: the worker exits after this request
// whatever the report says (shutdown frame, master gone). `read_rss`: the report carries a
// memory reading (each request with a memory ceiling, else sampled by the host).
ipc::RequestDone request_done_of(const rs_sapi_report& report, std::uint64_t request_id, std::uint64_t served,
                                 const WorkerOptions& options, bool stopping, bool read_rss);

// The worker_ready frame's payload, sent once booted.
ipc::WorkerReady ready_report(std::chrono::steady_clock::time_point process_start);

// The SAPI's callback table for a host: each callback calls the host's member of that name.
// Hosts befriend it, so those members stay private.
template <typename Host>
rs_sapi_host sapi_callbacks(Host& host) {
    rs_sapi_host callbacks{};
    callbacks.ctx = &host;
    callbacks.next_request = [](void* ctx, rs_sapi_request* req) {
        return static_cast<Host*>(ctx)->next_request(*req);
    };
    callbacks.read_body = [](void* ctx, char* buf, std::size_t len) {
        return static_cast<Host*>(ctx)->read_body(buf, len);
    };
    callbacks.send_head = [](void* ctx, int status, const rs_sapi_pair* headers, std::size_t count) {
        static_cast<Host*>(ctx)->send_head(status, headers, count);
    };
    callbacks.write = [](void* ctx, const char* data, std::size_t len) {
        return static_cast<Host*>(ctx)->write(data, len) ? 1 : 0;
    };
    callbacks.flush = [](void* ctx) { return static_cast<Host*>(ctx)->flush() ? 1 : 0; };
    callbacks.finish = [](void* ctx) { static_cast<Host*>(ctx)->finish(); };
    callbacks.done = [](void* ctx, const rs_sapi_report* report) { return static_cast<Host*>(ctx)->done(*report); };
    callbacks.log = [](void* ctx, int level, const char* message, std::size_t len) {
        static_cast<Host*>(ctx)->log(level, message, len);
    };
    // 103 Early Hints: only a host whose protocol has interim responses (not FastCGI).
    if constexpr (requires(Host& h, const rs_sapi_pair* headers, std::size_t count) { h.early_hints(headers, count); }) {
        callbacks.early_hints = [](void* ctx, const rs_sapi_pair* headers, std::size_t count) {
            return static_cast<Host*>(ctx)->early_hints(headers, count) ? 1 : 0;
        };
    }
    return callbacks;
}

// One log line of the app to stderr in one write: the master reads the pipe line by line,
// so lines never interleave.
void write_log_line(std::string_view message);

}  // namespace runtime::worker
