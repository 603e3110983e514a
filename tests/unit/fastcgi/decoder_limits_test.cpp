// ConnectionDecoder limits: PARAMS beyond the configured size or count end the connection.
#include <gtest/gtest.h>

#include "decoder_support.hpp"
#include "runtime/fastcgi/encoder.hpp"

namespace runtime::fastcgi {
namespace {

using testing::expect_events_for_every_split;
using testing::FinishRequest;

DecoderLimits limits_of(std::size_t max_bytes, std::size_t max_pairs) {
    DecoderLimits limits;
    limits.params = {.max_bytes = max_bytes, .max_pairs = max_pairs};
    return limits;
}

TEST(DecoderLimits, ParamsBeyondTheByteLimitAcrossRecords) {
    const Params params{{"HTTP_COOKIE", std::string(100 * 1024, 'c')}};
    const std::string bytes = testing::request_bytes(1, params, "");
    const std::size_t encoded = encode_params(params).size();

    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "params 1 HTTP_COOKIE=" + testing::shown(params[0].second),
                                          "stdin-end 1"},
                                  limits_of(encoded, 10));
    expect_events_for_every_split(
        bytes, {"begin 1 role=1 keep", "error FastCGI params exceed " + std::to_string(encoded - 1) + " bytes"},
        limits_of(encoded - 1, 10));
}

TEST(DecoderLimits, ForgedLengthFailsBeforeItsBytesArrive) {
    std::string bytes = encode_begin_request(1);
    append_record(bytes, RecordType::params, 1, std::string("\x04\xff\xff\xff\xf0", 5));  // 2 GiB value announced
    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "error FastCGI params exceed 1048576 bytes"});
}

TEST(DecoderLimits, ParamsBeyondThePairLimit) {
    Params params;
    for (int i = 0; i < 5; ++i) params.emplace_back("P" + std::to_string(i), "v");
    const std::string bytes = testing::request_bytes(1, params, "");
    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "params 1 P0=v P1=v P2=v P3=v P4=v", "stdin-end 1"},
                                  limits_of(1024, 5));
    expect_events_for_every_split(bytes, {"begin 1 role=1 keep", "error FastCGI params exceed 4 pairs"},
                                  limits_of(1024, 4));
}

TEST(DecoderLimits, ApplyToEachRequestOnItsOwn) {
    const Params params{{"NAME", std::string(40, 'v')}};  // 46 bytes encoded
    expect_events_for_every_split(
        {testing::request_bytes(1, params, ""), FinishRequest{1}, testing::request_bytes(1, params, "")},
        {"begin 1 role=1 keep", "params 1 NAME=" + params[0].second, "stdin-end 1", "begin 1 role=1 keep",
         "params 1 NAME=" + params[0].second, "stdin-end 1"},
        limits_of(50, 10));
}

}  // namespace
}  // namespace runtime::fastcgi
