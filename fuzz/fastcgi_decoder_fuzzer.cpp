// Fuzzes the FastCGI connection decoder, record splitter and params codec. The decoder must
// report the same events whatever the read boundaries (STDIN data may be cut differently:
// it is compared concatenated), and decoded params must re-encode to an equivalent stream.
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "input_splitter.hpp"
#include "runtime/fastcgi/decoder.hpp"
#include "runtime/fastcgi/params.hpp"
#include "runtime/fastcgi/record_reader.hpp"

namespace {

using namespace runtime::fastcgi;

// Small limits so the limit paths are reachable with short inputs.
const DecoderLimits limits{ParamsLimits{2048, 32}, 2};

std::string describe_params(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) out += " " + name + "=" + value;
    return out;
}

// Events as text. Consecutive STDIN pieces of one request are merged.
class Transcript {
public:
    void add(const Event& event, ConnectionDecoder& decoder) {
        std::visit([&](const auto& e) { add_one(e, decoder); }, event);
    }
    std::string finish() {
        flush_stdin();
        return text_;
    }

private:
    void add_one(const StdinData& e, ConnectionDecoder&) {
        if (stdin_id_ != e.id) flush_stdin();
        stdin_id_ = e.id;
        stdin_ += e.data;
    }
    template <typename E>
    void add_one(const E& e, ConnectionDecoder& decoder) {
        flush_stdin();
        if constexpr (std::is_same_v<E, BeginRequest>) {
            FUZZ_CHECK(decoder.is_active(e.id));
            text_ += "begin " + std::to_string(e.id) + " keep=" + std::to_string(e.keep_conn) + "\n";
        } else if constexpr (std::is_same_v<E, ParamsComplete>) {
            FUZZ_CHECK(e.params.size() <= limits.params.max_pairs);
            text_ += "params " + std::to_string(e.id) + describe_params(e.params) + "\n";
        } else if constexpr (std::is_same_v<E, StdinEnd>) {
            text_ += "stdin-end " + std::to_string(e.id) + "\n";
        } else if constexpr (std::is_same_v<E, AbortRequest>) {
            text_ += "abort " + std::to_string(e.id) + "\n";
        } else if constexpr (std::is_same_v<E, GetValues>) {
            text_ += "get-values" + std::to_string(e.names.size()) + "\n";
        } else if constexpr (std::is_same_v<E, RequestRejected>) {
            FUZZ_CHECK(!e.reply.empty());
            text_ += "rejected " + std::to_string(e.id) + "\n";
        } else if constexpr (std::is_same_v<E, UnknownRecordType>) {
            FUZZ_CHECK(!e.reply.empty());
            text_ += "unknown-type\n";
        } else {
            static_assert(std::is_same_v<E, ProtocolError>);
            text_ += "protocol-error\n";
        }
    }
    void flush_stdin() {
        if (!stdin_.empty()) text_ += "stdin " + std::to_string(stdin_id_) + " " + stdin_ + "\n";
        stdin_.clear();
    }

    std::string text_;
    std::string stdin_;
    std::uint16_t stdin_id_ = 0;
};

std::string decode_connection(const std::vector<std::string_view>& pieces) {
    ConnectionDecoder decoder(limits);
    Transcript transcript;
    std::vector<Event> events;
    for (const auto piece : pieces) {
        events.clear();
        decoder.feed(piece, events);
        for (const auto& event : events) transcript.add(event, decoder);
        if (decoder.failed()) break;
    }
    return transcript.finish();
}

void check_params_codec(std::string_view bytes) {
    auto params = decode_params(bytes, limits.params);
    if (!params) return;
    const std::string encoded = encode_params(*params);
    auto again = decode_params(encoded, limits.params);
    FUZZ_CHECK(static_cast<bool>(again));
    FUZZ_CHECK(*again == *params);
}

void check_records(std::string_view bytes) {
    auto records = decode_records(bytes);
    if (!records) return;
    std::size_t total = 0;
    for (const auto& record : *records) total += kHeaderSize + record.content.size() + record.header.padding_length;
    FUZZ_CHECK(total == bytes.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = runtime::fuzz::split_input(data, size);
    check_params_codec(input.stream);
    check_records(input.stream);
    FUZZ_CHECK(decode_connection({input.stream}) == decode_connection(input.pieces));
    return 0;
}
