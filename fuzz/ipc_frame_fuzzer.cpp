// Fuzzes the IPC frame decoder and every message decoder. Frames must come out the same
// whatever the read boundaries; a payload that decodes must survive encode/decode unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "input_splitter.hpp"
#include "runtime/ipc/frame.hpp"
#include "runtime/ipc/messages.hpp"

namespace {

using namespace runtime::ipc;

// Small limit so oversized frames are reachable with short inputs.
constexpr std::size_t max_payload = 4096;

// decode(encode(decode(p))) must equal decode(p): compared through a second encoding.
template <typename Decode>
void check_round_trip(std::string_view payload, Decode decode) {
    auto first = decode(payload);
    if (!first) return;
    const std::string encoded = encode(*first);
    auto second = decode(encoded);
    FUZZ_CHECK(static_cast<bool>(second));
    FUZZ_CHECK(encode(*second) == encoded);
}

void check_payload(std::string_view payload) {
    check_round_trip(payload, decode_request_head);
    check_round_trip(payload, decode_response_head);
    check_round_trip(payload, decode_early_hints);
    check_round_trip(payload, decode_request_done);
    check_round_trip(payload, decode_worker_ready);
    check_round_trip(payload, decode_spawn_worker);
    check_round_trip(payload, decode_worker_spawned);
}

// Frames as text (type, flags, payload) plus the verdict, for comparing splits.
std::string decode_stream(const std::vector<std::string_view>& pieces, bool check_payloads) {
    FrameDecoder decoder(max_payload);
    std::string transcript;
    for (const auto piece : pieces) {
        decoder.feed(piece);
        for (;;) {
            auto next = decoder.next();
            if (!next) return transcript + "error\n";
            if (!*next) break;
            const Frame& frame = **next;
            FUZZ_CHECK(frame.payload.size() <= max_payload);
            FUZZ_CHECK(is_known_frame_type(static_cast<std::uint8_t>(frame.type)));
            if (check_payloads) check_payload(frame.payload);
            std::string again;
            append_frame(again, frame.type, frame.payload, frame.flags);
            FUZZ_CHECK(again.size() == frame_header_size + frame.payload.size());
            transcript += std::to_string(static_cast<int>(frame.type)) + "/" + std::to_string(frame.flags) + ":" +
                          frame.payload + "\n";
        }
    }
    return transcript + "pending " + std::to_string(decoder.buffered()) + "\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = runtime::fuzz::split_input(data, size);
    // The raw stream is also a candidate payload: message decoders see arbitrary bytes directly.
    check_payload(input.stream);
    const std::string whole = decode_stream({input.stream}, true);
    FUZZ_CHECK(whole == decode_stream(input.pieces, false));
    return 0;
}
