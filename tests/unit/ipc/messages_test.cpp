// Message payloads: every type round-trips; every truncation and any trailing byte fails.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "runtime/ipc/messages.hpp"

namespace runtime::ipc {
namespace {

RequestHead sample_request_head() {
    RequestHead v;
    v.id = 0x0102030405060708ULL;
    v.request_time = 1718000000.123456;
    v.timeout_seconds = 30;
    v.content_length = -1;
    v.params = {{"REQUEST_METHOD", "POST"},
                {"REQUEST_URI", "/api?x=1"},
                {"HTTP_X_EMPTY", ""},
                {"BINARY", std::string("a\0b\xff", 4)}};
    return v;
}

ResponseHead sample_response_head() {
    ResponseHead v;
    v.status = 404;
    v.body_complete = true;
    v.content_length = std::numeric_limits<std::uint64_t>::max();
    v.headers = {{"Content-Type", "text/html"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}};
    return v;
}

RequestDone sample_request_done() {
    RequestDone v;
    v.id = 42;
    v.outcome = RequestOutcome::fatal_error;
    v.status = 500;
    v.requests_served = 1000;
    v.rss_bytes = 64ULL << 20;
    v.php_memory_bytes = 2ULL << 20;
    v.php_peak_bytes = 8ULL << 20;
    v.reset_ns = 123456;
    v.will_exit = true;
    v.detail = "Allowed memory size exhausted";
    v.annotations = {{"route", "app_hello"}, {"state_leak.static_property", "App\\Cache::$items"}};
    return v;
}

WorkerReady sample_worker_ready() { return WorkerReady{4321, 987654321, 50ULL << 20}; }
SpawnWorker sample_spawn_worker() { return SpawnWorker{7}; }
WorkerSpawned sample_worker_spawned() { return WorkerSpawned{7, 4322}; }

void expect_equal(const RequestHead& a, const RequestHead& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.request_time, b.request_time);
    EXPECT_EQ(a.timeout_seconds, b.timeout_seconds);
    EXPECT_EQ(a.content_length, b.content_length);
    EXPECT_EQ(a.params, b.params);
}

void expect_equal(const ResponseHead& a, const ResponseHead& b) {
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.body_complete, b.body_complete);
    EXPECT_EQ(a.content_length, b.content_length);
    EXPECT_EQ(a.headers, b.headers);
}

void expect_equal(const RequestDone& a, const RequestDone& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.requests_served, b.requests_served);
    EXPECT_EQ(a.rss_bytes, b.rss_bytes);
    EXPECT_EQ(a.php_memory_bytes, b.php_memory_bytes);
    EXPECT_EQ(a.php_peak_bytes, b.php_peak_bytes);
    EXPECT_EQ(a.reset_ns, b.reset_ns);
    EXPECT_EQ(a.will_exit, b.will_exit);
    EXPECT_EQ(a.detail, b.detail);
    EXPECT_EQ(a.annotations, b.annotations);
}

void expect_equal(const WorkerReady& a, const WorkerReady& b) {
    EXPECT_EQ(a.pid, b.pid);
    EXPECT_EQ(a.boot_ns, b.boot_ns);
    EXPECT_EQ(a.rss_bytes, b.rss_bytes);
}

void expect_equal(const SpawnWorker& a, const SpawnWorker& b) { EXPECT_EQ(a.worker_id, b.worker_id); }

void expect_equal(const WorkerSpawned& a, const WorkerSpawned& b) {
    EXPECT_EQ(a.worker_id, b.worker_id);
    EXPECT_EQ(a.pid, b.pid);
}

void expect_equal(const EarlyHints& a, const EarlyHints& b) { EXPECT_EQ(a.headers, b.headers); }

// Round trip, then every strict prefix and one trailing byte must be rejected.
template <typename Message, typename Decode>
void check_codec(const Message& original, Decode decode) {
    const std::string payload = encode(original);
    auto decoded = decode(payload);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    expect_equal(decoded.value(), original);

    for (std::size_t length = 0; length < payload.size(); ++length) {
        const auto truncated = decode(std::string_view(payload).substr(0, length));
        EXPECT_FALSE(truncated.ok()) << "prefix of " << length << " of " << payload.size() << " bytes decoded";
    }
    const auto trailing = decode(payload + '\0');
    ASSERT_FALSE(trailing.ok()) << "trailing byte accepted";
    EXPECT_NE(trailing.error().message.find("trailing"), std::string::npos) << trailing.error().message;
}

TEST(Messages, RequestHeadRoundTrips) { check_codec(sample_request_head(), decode_request_head); }
TEST(Messages, ResponseHeadRoundTrips) { check_codec(sample_response_head(), decode_response_head); }
TEST(Messages, EarlyHintsRoundTrip) {
    check_codec(EarlyHints{{{"Link", "</a.css>; rel=preload; as=style"}, {"Link", "</b.js>; rel=preload"}}},
                decode_early_hints);
}
TEST(Messages, RequestDoneRoundTrips) { check_codec(sample_request_done(), decode_request_done); }
TEST(Messages, WorkerReadyRoundTrips) { check_codec(sample_worker_ready(), decode_worker_ready); }
TEST(Messages, SpawnWorkerRoundTrips) { check_codec(sample_spawn_worker(), decode_spawn_worker); }
TEST(Messages, WorkerSpawnedRoundTrips) { check_codec(sample_worker_spawned(), decode_worker_spawned); }

TEST(Messages, DefaultValuesRoundTrip) {
    check_codec(RequestHead{}, decode_request_head);
    check_codec(ResponseHead{}, decode_response_head);
    check_codec(RequestDone{}, decode_request_done);
    check_codec(WorkerReady{}, decode_worker_ready);
    check_codec(SpawnWorker{}, decode_spawn_worker);
    check_codec(WorkerSpawned{}, decode_worker_spawned);
}

TEST(Messages, RequestHeadKeepsAKnownContentLength) {
    RequestHead head = sample_request_head();
    head.content_length = std::numeric_limits<std::int64_t>::max();
    check_codec(head, decode_request_head);
}

TEST(Messages, EveryOutcomeRoundTrips) {
    for (auto outcome : {RequestOutcome::ok, RequestOutcome::uncaught_exception, RequestOutcome::fatal_error,
                         RequestOutcome::exit_called, RequestOutcome::reset_failed}) {
        RequestDone done = sample_request_done();
        done.outcome = outcome;
        SCOPED_TRACE(std::string(to_string(outcome)));
        check_codec(done, decode_request_done);
    }
}

TEST(Messages, UnknownOutcomeIsRejected) {
    std::string payload = encode(sample_request_done());
    payload[8] = static_cast<char>(static_cast<std::uint8_t>(RequestOutcome::reset_failed) + 1);  // after the u64 id
    const auto decoded = decode_request_done(payload);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error().message.find("outcome"), std::string::npos) << decoded.error().message;
}

TEST(Messages, PairCountBeyondThePayloadIsRejected) {
    // A request head whose pair count claims far more pairs than the payload holds.
    std::string payload = encode(RequestHead{});
    const std::size_t count_offset = payload.size() - 4;
    payload[count_offset] = '\xff';
    payload[count_offset + 1] = '\xff';
    payload[count_offset + 2] = '\xff';
    payload[count_offset + 3] = '\x7f';
    EXPECT_FALSE(decode_request_head(payload).ok());
    payload[count_offset + 2] = '\0';
    payload[count_offset + 3] = '\0';  // 65535 pairs claimed, none present
    EXPECT_FALSE(decode_request_head(payload).ok());
}

TEST(Messages, StringLengthBeyondThePayloadIsRejected) {
    RequestDone done = sample_request_done();
    done.annotations.clear();
    std::string done_payload = encode(done);
    // detail is followed only by the annotation count (u32 0): its u32 length sits before the text.
    const std::size_t length_offset = done_payload.size() - 4 - done.detail.size() - 4;
    done_payload[length_offset] = static_cast<char>(done.detail.size() + 1);
    EXPECT_FALSE(decode_request_done(done_payload).ok());
}

TEST(Messages, OutcomeNames) {
    EXPECT_EQ(to_string(RequestOutcome::ok), "ok");
    EXPECT_EQ(to_string(RequestOutcome::uncaught_exception), "uncaught_exception");
    EXPECT_EQ(to_string(RequestOutcome::fatal_error), "fatal_error");
    EXPECT_EQ(to_string(RequestOutcome::exit_called), "exit_called");
    EXPECT_EQ(to_string(RequestOutcome::reset_failed), "reset_failed");
}

}  // namespace
}  // namespace runtime::ipc
