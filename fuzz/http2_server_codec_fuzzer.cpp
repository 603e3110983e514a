// Fuzzes the HTTP/2 server codec: a server-side nghttp2 session behind our callbacks, fed the
// client preface and then arbitrary bytes in arbitrary pieces, answering every request as the
// session would (response head, body, end; consuming request bodies). Checks the event
// contract: streams are client-initiated (odd ids), body events follow their request, a
// connection that failed stays failed, output is always drained, nothing leaks or crashes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "input_splitter.hpp"
#include "runtime/http2/response_headers.hpp"
#include "runtime/http2/server_codec.hpp"

namespace {

using runtime::http2::StreamEvent;

void answer(runtime::http2::ServerCodec& codec, const StreamEvent& event, std::set<std::int32_t>& open) {
    const std::int32_t id = event.stream_id;
    switch (event.kind) {
        case StreamEvent::request: {
            FUZZ_CHECK(!event.head.method.empty());
            FUZZ_CHECK(!event.head.target.empty());
            open.insert(id);
            auto block = runtime::http2::response_header_block({200, {{"Content-Type", "text/plain"}}, std::nullopt});
            FUZZ_CHECK(block.ok());
            codec.submit_response(id, block.value(), true);
            codec.append_body(id, "hello ");
            if (event.end_stream) {
                codec.append_body(id, event.head.target);
                codec.end_body(id);
            }
            break;
        }
        case StreamEvent::refused:
            FUZZ_CHECK(event.status == 400 || event.status == 414 || event.status == 431);
            codec.submit_response(id, {{":status", std::to_string(event.status)}}, false);
            break;
        case StreamEvent::body:
            FUZZ_CHECK(open.count(id) == 1);
            codec.consume(id, event.bytes.size());
            break;
        case StreamEvent::body_end:
            FUZZ_CHECK(open.count(id) == 1);
            codec.end_body(id);
            break;
        case StreamEvent::closed: open.erase(id); break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = runtime::fuzz::split_input(data, size);
    runtime::http2::CodecLimits limits;
    // Small limits so short inputs reach them.
    limits.head = runtime::http2::HeadLimits{64, 512, 8};
    limits.max_concurrent_streams = 8;
    limits.stream_window = 1024;
    limits.max_resets = 8;
    limits.max_control_frames = 16;
    runtime::http2::ServerCodec codec(limits);
    std::set<std::int32_t> open;
    auto now = runtime::http2::ServerCodec::Clock::time_point{};
    bool failed = !codec.feed("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", now);
    FUZZ_CHECK(!failed);
    for (const auto piece : input.pieces) {
        now += std::chrono::milliseconds(1);
        const bool ok = codec.feed(piece, now);
        if (failed) FUZZ_CHECK(!ok);
        failed = failed || !ok;
        for (const auto& event : codec.take_events()) {
            FUZZ_CHECK(event.stream_id > 0 && event.stream_id % 2 == 1);
            if (failed) FUZZ_CHECK(event.kind == StreamEvent::closed);
            answer(codec, event, open);
        }
        // Drained in bounded pieces, as the writer does.
        for (int round = 0; round < 64 && !codec.take_output(16 * 1024).empty(); ++round) {}
        if (!codec.abuse().empty()) FUZZ_CHECK(failed);
    }
    return 0;
}
