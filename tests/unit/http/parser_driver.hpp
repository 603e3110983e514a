#pragma once
// Test driver: feeds pieces of input through a RequestParser the way a connection would and
// records everything it reports, so different splits of the same bytes can be compared.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/http/request_parser.hpp"

namespace runtime::http::testing {

struct ParsedMessage {
    RequestHead head;
    std::string body;
    bool complete = false;
};

struct Transcript {
    std::vector<ParsedMessage> messages;
    std::optional<ParseError> error;
    // Bytes fed but never consumed (only possible after an error).
    std::size_t unconsumed = 0;
};

// Feeds `pieces` in order, draining events after each one; calls finish() at the end if `eof`.
Transcript parse_pieces(const std::vector<std::string_view>& pieces, ParserLimits limits = {}, bool eof = false);

Transcript parse_whole(std::string_view input, ParserLimits limits = {});
Transcript parse_split(std::string_view input, std::size_t at, ParserLimits limits = {});
Transcript parse_bytewise(std::string_view input, ParserLimits limits = {});

// Deterministic text rendering, compared between splits (gtest prints the difference).
std::string dump(const Transcript& transcript);

}  // namespace runtime::http::testing
