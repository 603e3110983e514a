#include "runtime/fastcgi/params.hpp"

#include <algorithm>
#include <stdexcept>

namespace runtime::fastcgi {
namespace {

constexpr std::uint32_t kMaxEncodableLength = 0x7fffffff;
constexpr unsigned char kLongLengthFlag = 0x80;
// nginx's fastcgi_params plus a few request headers: room for them at once instead of
// growing (and moving every pair) five or six times per request.
constexpr std::size_t kExpectedPairs = 32;

}  // namespace

ParamsDecoder::ParamsDecoder(ParamsLimits limits) : limits_(limits) {}

std::optional<Error> ParamsDecoder::fail(std::string message) {
    error_ = Error{std::move(message)};
    return error_;
}

std::optional<Error> ParamsDecoder::feed(std::string_view bytes) {
    if (error_) return error_;
    if (bytes.size() > limits_.max_bytes - std::min(consumed_, limits_.max_bytes)) {
        return fail("FastCGI params exceed " + std::to_string(limits_.max_bytes) + " bytes");
    }
    while (!bytes.empty()) {
        switch (stage_) {
            case Stage::name_length:
                if (read_length(bytes, name_length_)) stage_ = Stage::value_length;
                break;
            case Stage::value_length:
                if (read_length(bytes, value_length_)) {
                    if (auto error = start_pair()) return error;
                }
                break;
            case Stage::name:
                read_text(bytes, name_, name_length_);
                break;
            case Stage::value:
                read_text(bytes, value_, value_length_);
                break;
        }
    }
    return std::nullopt;
}

// A length is one byte below 128, else four bytes big-endian with the top bit set.
bool ParamsDecoder::read_length(std::string_view& bytes, std::uint32_t& length) {
    while (!bytes.empty()) {
        length_bytes_[length_filled_++] = static_cast<unsigned char>(bytes.front());
        bytes.remove_prefix(1);
        ++consumed_;
        bool is_short = (length_bytes_[0] & kLongLengthFlag) == 0;
        if (is_short || length_filled_ == length_bytes_.size()) {
            length = is_short ? length_bytes_[0]
                              : (static_cast<std::uint32_t>(length_bytes_[0] & ~kLongLengthFlag) << 24u) |
                                    (static_cast<std::uint32_t>(length_bytes_[1]) << 16u) |
                                    (static_cast<std::uint32_t>(length_bytes_[2]) << 8u) | length_bytes_[3];
            length_filled_ = 0;
            return true;
        }
    }
    return false;
}

// Both lengths are known: check them against the limits before any byte is stored.
std::optional<Error> ParamsDecoder::start_pair() {
    if (params_.size() >= limits_.max_pairs) {
        return fail("FastCGI params exceed " + std::to_string(limits_.max_pairs) + " pairs");
    }
    std::uint64_t end = std::uint64_t{consumed_} + name_length_ + value_length_;
    if (end > limits_.max_bytes) {
        return fail("FastCGI params exceed " + std::to_string(limits_.max_bytes) + " bytes");
    }
    if (params_.capacity() == 0) params_.reserve(std::min(kExpectedPairs, limits_.max_pairs));
    name_.reserve(name_length_);
    value_.reserve(value_length_);
    stage_ = Stage::name;
    settle();
    return std::nullopt;
}

void ParamsDecoder::read_text(std::string_view& bytes, std::string& text, std::uint32_t length) {
    std::size_t take = std::min<std::size_t>(length - text.size(), bytes.size());
    text.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    consumed_ += take;
    settle();
}

// Moves past completed (possibly empty) names and values without waiting for more input.
void ParamsDecoder::settle() {
    if (stage_ == Stage::name && name_.size() == name_length_) stage_ = Stage::value;
    if (stage_ == Stage::value && value_.size() == value_length_) {
        params_.emplace_back(std::move(name_), std::move(value_));
        name_.clear();
        value_.clear();
        stage_ = Stage::name_length;
    }
}

Result<Params> ParamsDecoder::finish() {
    if (error_) return *error_;
    if (stage_ != Stage::name_length || length_filled_ != 0) {
        fail("FastCGI params end inside a name-value pair");
        return *error_;
    }
    consumed_ = 0;
    return std::exchange(params_, {});
}

Result<Params> decode_params(std::string_view bytes, ParamsLimits limits) {
    ParamsDecoder decoder(limits);
    if (auto error = decoder.feed(bytes)) return *error;
    return decoder.finish();
}

namespace {

void append_length(std::string& out, std::size_t length) {
    if (length > kMaxEncodableLength) throw std::length_error("FastCGI name-value length above 2^31-1");
    if (length < kLongLengthFlag) {
        out.push_back(static_cast<char>(length));
        return;
    }
    out.push_back(static_cast<char>(((length >> 24u) & 0x7fu) | kLongLengthFlag));
    out.push_back(static_cast<char>((length >> 16u) & 0xffu));
    out.push_back(static_cast<char>((length >> 8u) & 0xffu));
    out.push_back(static_cast<char>(length & 0xffu));
}

}  // namespace

void append_param(std::string& out, std::string_view name, std::string_view value) {
    append_length(out, name.size());
    append_length(out, value.size());
    out.append(name);
    out.append(value);
}

std::string encode_params(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) append_param(out, name, value);
    return out;
}

}  // namespace runtime::fastcgi
