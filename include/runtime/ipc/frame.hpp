#pragma once
// Framing between master, prototype and workers over unix sockets. Pure: bytes <-> frames.
// A frame is an 8-byte header (u32 little-endian payload length, u8 type, u8 flags,
// u16 reserved = 0) followed by the payload. docs/ipc.md describes every frame type.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"

namespace runtime::ipc {

enum class FrameType : std::uint8_t {
    // master -> worker
    request_head = 1,    // RequestHead
    request_body = 2,    // raw body bytes
    request_end = 3,     // body complete (flags: 1 = client aborted)
    shutdown = 4,        // finish the current request, then exit
    client_aborted = 5,  // the client left mid-response: stop writing (PHP's connection_aborted())
    // worker -> master
    worker_ready = 10,   // WorkerReady: booted, warm, waiting for requests
    boot_failed = 11,    // text: why the app could not boot
    response_head = 12,  // ResponseHead
    response_body = 13,  // raw body bytes
    response_end = 14,   // the client's response is complete
    request_done = 15,   // RequestDone: after reset and cleanup
    early_hints = 16,    // EarlyHints: a 103 interim response, before response_head
    // master <-> prototype
    spawn_worker = 20,    // SpawnWorker (+ the worker's socket and stderr as SCM_RIGHTS)
    worker_spawned = 21,  // WorkerSpawned
};

inline constexpr std::size_t frame_header_size = 8;
inline constexpr std::size_t max_frame_payload = 16 * 1024 * 1024;
inline constexpr std::size_t body_chunk_size = 64 * 1024;  // request/response body frames

struct Frame {
    FrameType type{};
    std::uint8_t flags = 0;
    std::string payload;
};

// Appends a frame (header + payload) to out.
void append_frame(std::string& out, FrameType type, std::string_view payload, std::uint8_t flags = 0);
std::string encode_frame(FrameType type, std::string_view payload, std::uint8_t flags = 0);

// Incremental decoder: feed any split of the byte stream, take whole frames out in order.
class FrameDecoder {
public:
    explicit FrameDecoder(std::size_t max_payload = max_frame_payload) : max_payload_(max_payload) {}

    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next complete frame, std::nullopt if more bytes are needed, or an error for a
    // malformed stream (oversized payload, unknown type, non-zero reserved bits).
    Result<std::optional<Frame>> next();
    std::size_t buffered() const { return buffer_.size() - offset_; }

private:
    std::string buffer_;
    std::size_t offset_ = 0;
    std::size_t max_payload_;
};

bool is_known_frame_type(std::uint8_t type);
std::string_view to_string(FrameType type);

}  // namespace runtime::ipc
