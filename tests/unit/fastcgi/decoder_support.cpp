#include "decoder_support.hpp"

#include <gtest/gtest.h>

#include "runtime/fastcgi/encoder.hpp"

#include <cstdint>
#include <numeric>

namespace runtime::fastcgi::testing {
std::string shown(std::string_view text) {
    if (text.size() <= 64) return std::string(text);
    std::uint32_t checksum = 2166136261u;  // FNV-1a
    for (char c : text) checksum = (checksum ^ static_cast<unsigned char>(c)) * 16777619u;
    return "<" + std::to_string(text.size()) + " bytes #" + std::to_string(checksum) + ">";
}

namespace {

std::string describe_one(const Event& event) {
    struct Describer {
        std::string operator()(const BeginRequest& e) const {
            return "begin " + std::to_string(e.id) + " role=" + std::to_string(static_cast<int>(e.role)) +
                   (e.keep_conn ? " keep" : " close");
        }
        std::string operator()(const ParamsComplete& e) const {
            std::string line = "params " + std::to_string(e.id);
            for (const auto& [name, value] : e.params) line += " " + shown(name) + "=" + shown(value);
            return line;
        }
        std::string operator()(const StdinData& e) const { return "stdin " + std::to_string(e.id) + " "; }
        std::string operator()(const StdinEnd& e) const { return "stdin-end " + std::to_string(e.id); }
        std::string operator()(const AbortRequest& e) const { return "abort " + std::to_string(e.id); }
        std::string operator()(const GetValues& e) const {
            return std::accumulate(e.names.begin(), e.names.end(), std::string("get-values"),
                                   [](std::string line, const std::string& name) { return line + " " + name; });
        }
        std::string operator()(const RequestRejected& e) const {
            return "rejected " + std::to_string(e.id) + " status=" + std::to_string(static_cast<int>(e.status)) +
                   (e.keep_conn ? " keep" : " close") + " reply=" + hex(e.reply);
        }
        std::string operator()(const UnknownRecordType& e) const {
            return "unknown-type " + std::to_string(static_cast<int>(e.type)) + " reply=" + hex(e.reply);
        }
        std::string operator()(const ProtocolError& e) const { return "error " + e.reason; }
    };
    return std::visit(Describer{}, event);
}

}  // namespace

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (char c : bytes) {
        const auto value = static_cast<unsigned char>(c);
        out += kDigits[value >> 4u];
        out += kDigits[value & 0xfu];
    }
    return out;
}

std::string request_bytes(std::uint16_t id, const Params& params, std::string_view body, bool keep_conn) {
    std::string out = encode_begin_request(id, Role::responder, keep_conn);
    append_params_stream(out, id, params);
    append_stream(out, RecordType::stdin_stream, id, body);
    append_end_of_stream(out, RecordType::stdin_stream, id);
    return out;
}

std::vector<std::string> describe(const std::vector<Event>& events) {
    std::vector<std::string> lines;
    std::string pending_stdin;  // merged data of adjacent StdinData events
    const StdinData* previous = nullptr;
    auto flush = [&] {
        if (previous != nullptr) lines.push_back(describe_one(*previous) + shown(pending_stdin));
        previous = nullptr;
        pending_stdin.clear();
    };
    for (const auto& event : events) {
        if (const auto* data = std::get_if<StdinData>(&event)) {
            EXPECT_FALSE(data->data.empty()) << "StdinData events are never empty";
            if (previous != nullptr && previous->id != data->id) flush();
            previous = data;
            pending_stdin.append(data->data);
            continue;
        }
        flush();
        lines.push_back(describe_one(event));
    }
    flush();
    return lines;
}

std::vector<std::string> decode_with_cuts(const std::vector<Step>& steps, const std::vector<std::size_t>& cuts,
                                          const DecoderLimits& limits) {
    ConnectionDecoder decoder(limits);
    std::vector<Event> events;
    std::size_t offset = 0;  // of the current byte step within the conversation
    auto next_cut = cuts.begin();
    for (const auto& step : steps) {
        if (const auto* finish = std::get_if<FinishRequest>(&step)) {
            decoder.request_finished(finish->id);
            continue;
        }
        std::string_view bytes = std::get<std::string>(step);
        std::size_t start = 0;
        for (; next_cut != cuts.end() && *next_cut < offset + bytes.size(); ++next_cut) {
            if (*next_cut <= offset + start) continue;
            decoder.feed(bytes.substr(start, *next_cut - offset - start), events);
            start = *next_cut - offset;
        }
        decoder.feed(bytes.substr(start), events);
        offset += bytes.size();
    }
    return describe(events);
}

void expect_events_for_every_split(const std::vector<Step>& steps, const std::vector<std::string>& expected,
                                   const DecoderLimits& limits) {
    std::size_t total = 0;
    for (const auto& step : steps) {
        if (const auto* bytes = std::get_if<std::string>(&step)) total += bytes->size();
    }
    EXPECT_EQ(decode_with_cuts(steps, {}, limits), expected) << "fed whole";

    // Large inputs: every position near the edges and every 61st in between keeps the run short.
    constexpr std::size_t kEveryPositionUpTo = 16 * 1024;
    constexpr std::size_t kEdge = 2048;
    for (std::size_t cut = 1; cut < total; ++cut) {
        const bool near_edge = cut < kEdge || total - cut < kEdge;
        if (total > kEveryPositionUpTo && !near_edge && cut % 61 != 0) continue;
        ASSERT_EQ(decode_with_cuts(steps, {cut}, limits), expected) << "split at byte " << cut;
    }

    std::vector<std::size_t> every_byte(total);
    std::iota(every_byte.begin(), every_byte.end(), std::size_t{0});
    EXPECT_EQ(decode_with_cuts(steps, every_byte, limits), expected) << "fed byte by byte";
}

void expect_events_for_every_split(std::string bytes, const std::vector<std::string>& expected,
                                   const DecoderLimits& limits) {
    expect_events_for_every_split(std::vector<Step>{std::move(bytes)}, expected, limits);
}

}  // namespace runtime::fastcgi::testing
