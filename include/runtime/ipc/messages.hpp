#pragma once
// Payloads of the structured IPC frames. encode() gives the frame payload; decode_*() checks
// every length against the payload and fails on truncated or trailing bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/common/request_outcome.hpp"
#include "runtime/common/result.hpp"

namespace runtime::ipc {

using Pair = std::pair<std::string, std::string>;

// A request as CGI variables ($_SERVER), the same for HTTP and FastCGI front ends.
struct RequestHead {
    std::uint64_t id = 0;
    double request_time = 0;            // seconds since the epoch, when the request arrived
    std::uint32_t timeout_seconds = 0;  // max_execution_time for this request; 0 = ini value
    std::int64_t content_length = -1;   // -1 = unknown (chunked)
    std::vector<Pair> params;           // REQUEST_METHOD, REQUEST_URI, HTTP_HOST, ...
};

struct ResponseHead {
    std::uint16_t status = 200;
    bool body_complete = false;        // the whole body follows before response_end: length known
    std::uint64_t content_length = 0;  // valid when body_complete
    std::vector<Pair> headers;
};

// 103 Early Hints (RFC 8297): headers the client may act on before the response (Link preloads).
struct EarlyHints {
    std::vector<Pair> headers;
};

using runtime::RequestOutcome;

struct RequestDone {
    std::uint64_t id = 0;
    RequestOutcome outcome = RequestOutcome::ok;
    std::uint16_t status = 200;
    std::uint64_t requests_served = 0;   // by this worker, including this one
    std::uint64_t rss_bytes = 0;         // 0 = not measured this time (sampled)
    std::uint64_t php_memory_bytes = 0;  // after reset
    std::uint64_t php_peak_bytes = 0;
    std::uint64_t reset_ns = 0;
    bool will_exit = false;  // the worker exits after this report
    std::string detail;
    // What PHP reported about the request through runtime_supercharger_annotate(): the
    // Symfony route ("route"), state leaks found by the verifier ("state_leak.<kind>"), ...
    std::vector<Pair> annotations;
};

struct WorkerReady {
    std::uint32_t pid = 0;
    std::uint64_t boot_ns = 0;  // process start -> kernel booted and warm
    std::uint64_t rss_bytes = 0;
};

struct SpawnWorker {
    std::uint64_t worker_id = 0;
};

struct WorkerSpawned {
    std::uint64_t worker_id = 0;
    std::uint32_t pid = 0;
};

std::string encode(const RequestHead& value);
std::string encode(const ResponseHead& value);
std::string encode(const EarlyHints& value);
std::string encode(const RequestDone& value);
std::string encode(const WorkerReady& value);
std::string encode(const SpawnWorker& value);
std::string encode(const WorkerSpawned& value);

Result<RequestHead> decode_request_head(std::string_view payload);
Result<ResponseHead> decode_response_head(std::string_view payload);
Result<EarlyHints> decode_early_hints(std::string_view payload);
Result<RequestDone> decode_request_done(std::string_view payload);
Result<WorkerReady> decode_worker_ready(std::string_view payload);
Result<SpawnWorker> decode_spawn_worker(std::string_view payload);
Result<WorkerSpawned> decode_worker_spawned(std::string_view payload);

}  // namespace runtime::ipc
