#pragma once
// Test support: decoder events as readable lines, and feeding one byte string in many splits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/fastcgi/decoder.hpp"
#include "runtime/fastcgi/params.hpp"

namespace runtime::fastcgi::testing {

// One line per event; adjacent STDIN data of one request is merged, because its chunking
// follows the input. Values longer than 64 bytes are shown by size and checksum.
std::vector<std::string> describe(const std::vector<Event>& events);

// The connection layer's side of a conversation: bytes from the web server, or the
// application finishing a request (ConnectionDecoder::request_finished) between them.
struct FinishRequest {
    std::uint16_t id = 0;
};
using Step = std::variant<std::string, FinishRequest>;

// Runs `steps` on a fresh decoder, feeding every byte step cut at the given positions of the
// whole conversation (ascending offsets into the concatenated bytes).
std::vector<std::string> decode_with_cuts(const std::vector<Step>& steps, const std::vector<std::size_t>& cuts,
                                          const DecoderLimits& limits = {});

// Asserts that the conversation decodes to `expected` when every byte step is fed whole,
// when the bytes are split in two at every position, and when fed one byte at a time.
void expect_events_for_every_split(const std::vector<Step>& steps, const std::vector<std::string>& expected,
                                   const DecoderLimits& limits = {});
void expect_events_for_every_split(std::string bytes, const std::vector<std::string>& expected,
                                   const DecoderLimits& limits = {});

std::string hex(std::string_view bytes);

// How describe() shows a name, value or body: as is up to 64 bytes, else size and checksum.
std::string shown(std::string_view text);

// What a web server sends for one request: BEGIN_REQUEST, PARAMS stream, STDIN stream.
std::string request_bytes(std::uint16_t id, const Params& params, std::string_view body, bool keep_conn = true);

}  // namespace runtime::fastcgi::testing
