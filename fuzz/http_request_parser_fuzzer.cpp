// Fuzzes the HTTP/1.1 request parser: the same bytes fed whole and in arbitrary pieces must
// give the same requests, bodies and verdict (accepted or refused), and every event must
// respect the parser's contract (consumed within the input, body views inside it, need_more
// consumes everything). A request breaking several rules at once may be refused with the
// status of whichever the parser meets first, and that can depend on where reads end (an
// overlong target with a bad byte: 414 or 400): the status is checked, not compared.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "input_splitter.hpp"
#include "runtime/http/request_parser.hpp"

namespace {

using runtime::http::RequestParser;
using EventKind = RequestParser::EventKind;

// Small limits so short inputs reach the 413/414/431 paths too.
const runtime::http::ParserLimits limits{64, 512, 8, 1024};

struct Outcome {
    std::string transcript;  // heads, bodies and the final verdict as text
    std::string body;        // of the current message, until it is complete
    bool failed = false;
};

void record_head(std::string& out, const runtime::http::RequestHead& head) {
    out += "head " + head.method + " " + head.target + " " + std::to_string(head.version_major) + "." +
           std::to_string(head.version_minor) + " ka=" + std::to_string(head.keep_alive) +
           " chunked=" + std::to_string(head.chunked) +
           " cl=" + (head.content_length ? std::to_string(*head.content_length) : "-") +
           " expect=" + std::to_string(head.expect_continue) + "\n";
    for (const auto& header : head.headers) out += "  " + header.name + ": " + header.value + "\n";
}

// Feeds everything buffered until the parser needs more input; false once it failed.
bool drain(RequestParser& parser, std::string& buffer, Outcome& outcome) {
    // Every event consumes bytes or moves a message forward: a generous bound, fixed up front.
    const std::size_t max_rounds = buffer.size() * 4 + 16;
    for (std::size_t round = 0; round < max_rounds; ++round) {
        const auto event = parser.feed(buffer);
        FUZZ_CHECK(event.consumed <= buffer.size());
        switch (event.kind) {
            case EventKind::need_more:
                FUZZ_CHECK(event.consumed == buffer.size());
                buffer.clear();
                return true;
            case EventKind::head:
                FUZZ_CHECK(parser.in_message());
                record_head(outcome.transcript, parser.head());
                break;
            case EventKind::body:
                FUZZ_CHECK(!event.body.empty());
                FUZZ_CHECK(event.body.data() >= buffer.data());
                FUZZ_CHECK(event.body.data() + event.body.size() <= buffer.data() + event.consumed);
                // Body pieces follow the read boundaries: compared concatenated.
                outcome.body.append(event.body);
                FUZZ_CHECK(outcome.body.size() <= limits.max_body_bytes);
                break;
            case EventKind::message_complete:
                FUZZ_CHECK(!parser.in_message());
                outcome.transcript += "body " + outcome.body + "\ncomplete\n";
                outcome.body.clear();
                break;
            case EventKind::error: {
                const int status = parser.error().status;
                FUZZ_CHECK(status >= 400 && status < 600);
                outcome.transcript += "body " + outcome.body + "\nerror\n";
                outcome.failed = true;
                return false;
            }
        }
        buffer.erase(0, event.consumed);
    }
    FUZZ_CHECK(!"the parser stopped making progress");
    return false;
}

Outcome parse(const std::vector<std::string_view>& pieces) {
    RequestParser parser(limits);
    Outcome outcome;
    std::string buffer;
    for (const auto piece : pieces) {
        buffer.append(piece);
        if (!drain(parser, buffer, outcome)) return outcome;
    }
    if (parser.finish().kind == EventKind::error) outcome.transcript += "body " + outcome.body + "\neof error\n";
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = runtime::fuzz::split_input(data, size);
    const Outcome whole = parse({input.stream});
    const Outcome split = parse(input.pieces);
    if (whole.transcript != split.transcript) {
        std::fprintf(stderr, "fed whole:\n%s\nfed in pieces:\n%s\n", whole.transcript.c_str(), split.transcript.c_str());
        FUZZ_CHECK(whole.transcript == split.transcript);
    }
    return 0;
}
