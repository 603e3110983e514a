#include "runtime/ipc/frame.hpp"

#include <array>

namespace runtime::ipc {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t get_u32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

}  // namespace

bool is_known_frame_type(std::uint8_t type) {
    switch (static_cast<FrameType>(type)) {
        case FrameType::request_head:
        case FrameType::request_body:
        case FrameType::request_end:
        case FrameType::shutdown:
        case FrameType::client_aborted:
        case FrameType::worker_ready:
        case FrameType::boot_failed:
        case FrameType::response_head:
        case FrameType::response_body:
        case FrameType::response_end:
        case FrameType::request_done:
        case FrameType::early_hints:
        case FrameType::spawn_worker:
        case FrameType::worker_spawned: return true;
    }
    return false;
}

std::string_view to_string(FrameType type) {
    switch (type) {
        case FrameType::request_head: return "request_head";
        case FrameType::request_body: return "request_body";
        case FrameType::request_end: return "request_end";
        case FrameType::shutdown: return "shutdown";
        case FrameType::client_aborted: return "client_aborted";
        case FrameType::worker_ready: return "worker_ready";
        case FrameType::boot_failed: return "boot_failed";
        case FrameType::response_head: return "response_head";
        case FrameType::response_body: return "response_body";
        case FrameType::response_end: return "response_end";
        case FrameType::request_done: return "request_done";
        case FrameType::early_hints: return "early_hints";
        case FrameType::spawn_worker: return "spawn_worker";
        case FrameType::worker_spawned: return "worker_spawned";
    }
    return "unknown";
}

void append_frame(std::string& out, FrameType type, std::string_view payload, std::uint8_t flags) {
    put_u32(out, static_cast<std::uint32_t>(payload.size()));
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(flags));
    out.push_back('\0');
    out.push_back('\0');
    out.append(payload);
}

std::string encode_frame(FrameType type, std::string_view payload, std::uint8_t flags) {
    std::string out;
    out.reserve(frame_header_size + payload.size());
    append_frame(out, type, payload, flags);
    return out;
}

Result<std::optional<Frame>> FrameDecoder::next() {
    if (buffered() < frame_header_size) return std::optional<Frame>{};
    const char* head = buffer_.data() + offset_;
    const std::uint32_t length = get_u32(head);
    const auto type = static_cast<std::uint8_t>(head[4]);
    if (length > max_payload_) {
        return Error{ErrorCode::malformed, "ipc frame payload of " + std::to_string(length) +
                                               " bytes exceeds the limit of " + std::to_string(max_payload_)};
    }
    if (!is_known_frame_type(type))
        return Error{ErrorCode::malformed, "ipc frame of unknown type " + std::to_string(type)};
    if (head[6] != 0 || head[7] != 0) return Error{ErrorCode::malformed, "ipc frame with non-zero reserved bytes"};
    if (buffered() < frame_header_size + length) return std::optional<Frame>{};

    Frame frame;
    frame.type = static_cast<FrameType>(type);
    frame.flags = static_cast<std::uint8_t>(head[5]);
    frame.payload.assign(head + frame_header_size, length);
    offset_ += frame_header_size + length;
    // Compact once the consumed prefix dominates, so the buffer never grows without bound.
    if (offset_ == buffer_.size()) {
        buffer_.clear();
        offset_ = 0;
    } else if (offset_ > 64 * 1024 && offset_ * 2 > buffer_.size()) {
        buffer_.erase(0, offset_);
        offset_ = 0;
    }
    return std::optional<Frame>{std::move(frame)};
}

}  // namespace runtime::ipc
