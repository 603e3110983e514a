#pragma once
// Cuts the fuzz input into a byte stream and the sizes of the pieces it arrives in, so every
// decoder is exercised with arbitrary read boundaries, as a socket would deliver them.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace runtime::fuzz {

struct SplitInput {
    std::string_view stream;
    std::vector<std::string_view> pieces;  // consecutive views covering `stream`
};

// The first byte seeds the piece sizes (0: one piece); the rest is the stream.
inline SplitInput split_input(const std::uint8_t* data, std::size_t size) {
    SplitInput out;
    if (size == 0) return out;
    std::uint32_t seed = data[0];
    out.stream = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
    if (seed == 0) {
        out.pieces.push_back(out.stream);
        return out;
    }
    std::size_t offset = 0;
    while (offset < out.stream.size()) {
        seed = seed * 1103515245u + 12345u;  // a tiny deterministic generator
        const std::size_t length = 1 + (seed >> 16) % 97;
        const std::size_t take = length < out.stream.size() - offset ? length : out.stream.size() - offset;
        out.pieces.push_back(out.stream.substr(offset, take));
        offset += take;
    }
    return out;
}

}  // namespace runtime::fuzz
