#pragma once
// FastCGI name-value pairs (PARAMS, GET_VALUES, GET_VALUES_RESULT): 1- or 4-byte lengths. Pure.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/common/result.hpp"

namespace runtime::fastcgi {

using Param = std::pair<std::string, std::string>;
using Params = std::vector<Param>;  // in wire order; duplicates are kept

struct ParamsLimits {
    std::size_t max_bytes = 1024 * 1024;  // encoded size of the whole PARAMS stream
    std::size_t max_pairs = 4096;
};

// Decodes a name-value stream that arrives in arbitrary pieces: a length or a pair may be
// split across PARAMS records or across reads. Memory stays within the limits, which are
// checked as soon as a declared length is known (a forged 2 GiB length fails at once).
class ParamsDecoder {
public:
    explicit ParamsDecoder(ParamsLimits limits = {});

    // Consumes the next piece of the stream. After an error the decoder stays failed.
    [[nodiscard]] std::optional<Error> feed(std::string_view bytes);

    // Ends the stream: fails if it stopped inside a pair. Hands out the pairs and resets.
    [[nodiscard]] Result<Params> finish();

    [[nodiscard]] std::size_t bytes_consumed() const noexcept { return consumed_; }

private:
    enum class Stage { name_length, value_length, name, value };

    std::optional<Error> fail(std::string message);
    bool read_length(std::string_view& bytes, std::uint32_t& length);
    std::optional<Error> start_pair();
    void read_text(std::string_view& bytes, std::string& text, std::uint32_t length);
    void settle();

    ParamsLimits limits_;
    Params params_;
    Stage stage_ = Stage::name_length;
    std::array<unsigned char, 4> length_bytes_{};
    std::size_t length_filled_ = 0;
    std::uint32_t name_length_ = 0;
    std::uint32_t value_length_ = 0;
    std::string name_;
    std::string value_;
    std::size_t consumed_ = 0;
    std::optional<Error> error_;
};

// Decodes a complete name-value stream.
Result<Params> decode_params(std::string_view bytes, ParamsLimits limits = {});

// Appends one encoded pair. Lengths above 2^31-1 are not representable: std::length_error.
void append_param(std::string& out, std::string_view name, std::string_view value);
std::string encode_params(const Params& params);

}  // namespace runtime::fastcgi
