#include "parser_driver.hpp"

#include <gtest/gtest.h>

namespace runtime::http::testing {
namespace {

using EventKind = RequestParser::EventKind;

// Feeds until the parser wants more input or fails; returns false on error.
bool drain(RequestParser& parser, std::string& buffer, Transcript& out) {
    // Every event consumes bytes or moves the message forward, so this bound is generous.
    const std::size_t max_rounds = buffer.size() * 4 + 16;
    for (std::size_t round = 0; round < max_rounds; ++round) {
        const RequestParser::Event event = parser.feed(buffer);
        EXPECT_LE(event.consumed, buffer.size());
        switch (event.kind) {
            case EventKind::need_more:
                EXPECT_EQ(event.consumed, buffer.size()) << "need_more must consume all input";
                buffer.clear();
                return true;
            case EventKind::head:
                EXPECT_TRUE(parser.in_message());
                out.messages.push_back(ParsedMessage{parser.head(), {}, false});
                break;
            case EventKind::body:
                EXPECT_FALSE(event.body.empty());
                EXPECT_TRUE(parser.in_message());
                EXPECT_GE(event.body.data(), buffer.data());
                EXPECT_LE(event.body.data() + event.body.size(), buffer.data() + event.consumed);
                if (out.messages.empty()) {
                    ADD_FAILURE() << "body before head";
                    return false;
                }
                out.messages.back().body.append(event.body);
                break;
            case EventKind::message_complete:
                EXPECT_FALSE(parser.in_message());
                if (out.messages.empty()) {
                    ADD_FAILURE() << "message_complete before head";
                    return false;
                }
                out.messages.back().complete = true;
                break;
            case EventKind::error:
                out.error = parser.error();
                out.unconsumed = buffer.size() - event.consumed;
                return false;
        }
        buffer.erase(0, event.consumed);
    }
    ADD_FAILURE() << "parser made no progress";
    return false;
}

void dump_head(std::string& out, const RequestHead& head) {
    out += head.method + " " + head.target + " HTTP/" + std::to_string(head.version_major) + "." +
           std::to_string(head.version_minor) + "\n";
    for (const auto& header : head.headers) {
        out += "  [" + header.name + "]=[" + header.value + "]\n";
    }
    out += "  keep_alive=" + std::to_string(head.keep_alive) + " chunked=" + std::to_string(head.chunked) +
           " content_length=" + (head.content_length ? std::to_string(*head.content_length) : "-") +
           " expect_continue=" + std::to_string(head.expect_continue) + "\n";
}

}  // namespace

Transcript parse_pieces(const std::vector<std::string_view>& pieces, ParserLimits limits, bool eof) {
    RequestParser parser(limits);
    Transcript out;
    std::string buffer;
    for (std::string_view piece : pieces) {
        buffer.append(piece);
        if (!drain(parser, buffer, out)) {
            return out;
        }
    }
    if (eof) {
        const RequestParser::Event event = parser.finish();
        if (event.kind == EventKind::error) {
            out.error = parser.error();
        }
    }
    return out;
}

Transcript parse_whole(std::string_view input, ParserLimits limits) { return parse_pieces({input}, limits); }

Transcript parse_split(std::string_view input, std::size_t at, ParserLimits limits) {
    return parse_pieces({input.substr(0, at), input.substr(at)}, limits);
}

Transcript parse_bytewise(std::string_view input, ParserLimits limits) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < input.size(); ++i) {
        pieces.push_back(input.substr(i, 1));
    }
    return parse_pieces(pieces, limits);
}

std::string dump(const Transcript& transcript) {
    std::string out;
    for (const auto& message : transcript.messages) {
        dump_head(out, message.head);
        out += "  body=[" + message.body + "] complete=" + std::to_string(message.complete) + "\n";
    }
    if (transcript.error) {
        out += "error " + std::to_string(transcript.error->status) + "\n";
    }
    return out;
}

}  // namespace runtime::http::testing
