#include "runtime/ipc/messages.hpp"

#include <algorithm>

#include "wire.hpp"

namespace runtime::ipc {
namespace {

constexpr std::uint32_t max_pairs = 1u << 16;

void write_pairs(wire::Writer& w, const std::vector<Pair>& pairs) {
    w.u32(static_cast<std::uint32_t>(pairs.size()));
    for (const auto& [name, value] : pairs) {
        w.str(name);
        w.str(value);
    }
}

bool read_pairs(wire::Reader& r, std::vector<Pair>& pairs) {
    const std::uint32_t count = r.u32();
    if (r.failed() || count > max_pairs) return false;
    // Every pair takes at least its two 4-byte lengths: a forged count cannot make us allocate
    // more than the payload could describe (found by fuzzing).
    pairs.reserve(std::min<std::size_t>(count, r.remaining() / 8));
    for (std::uint32_t i = 0; i < count && !r.failed(); ++i) {
        std::string name = r.str();
        std::string value = r.str();
        pairs.emplace_back(std::move(name), std::move(value));
    }
    return !r.failed();
}

template <typename T>
Result<T> finish(const wire::Reader& r, T value, const char* what) {
    if (r.failed()) return Error{std::string("truncated ") + what + " payload"};
    if (!r.at_end()) return Error{std::string("trailing bytes after ") + what + " payload"};
    return value;
}

}  // namespace

std::string encode(const RequestHead& v) {
    wire::Writer w;
    w.u64(v.id);
    w.f64(v.request_time);
    w.u32(v.timeout_seconds);
    w.i64(v.content_length);
    write_pairs(w, v.params);
    return w.take();
}

Result<RequestHead> decode_request_head(std::string_view payload) {
    wire::Reader r(payload);
    RequestHead v;
    v.id = r.u64();
    v.request_time = r.f64();
    v.timeout_seconds = r.u32();
    v.content_length = r.i64();
    if (!read_pairs(r, v.params)) return Error{"malformed request_head params"};
    return finish(r, std::move(v), "request_head");
}

std::string encode(const ResponseHead& v) {
    wire::Writer w;
    w.u16(v.status);
    w.u8(v.body_complete ? 1 : 0);
    w.u64(v.content_length);
    write_pairs(w, v.headers);
    return w.take();
}

Result<ResponseHead> decode_response_head(std::string_view payload) {
    wire::Reader r(payload);
    ResponseHead v;
    v.status = r.u16();
    v.body_complete = r.u8() != 0;
    v.content_length = r.u64();
    if (!read_pairs(r, v.headers)) return Error{"malformed response_head headers"};
    return finish(r, std::move(v), "response_head");
}

std::string encode(const EarlyHints& v) {
    wire::Writer w;
    write_pairs(w, v.headers);
    return w.take();
}

Result<EarlyHints> decode_early_hints(std::string_view payload) {
    wire::Reader r(payload);
    EarlyHints v;
    if (!read_pairs(r, v.headers)) return Error{"malformed early_hints headers"};
    return finish(r, std::move(v), "early_hints");
}

std::string encode(const RequestDone& v) {
    wire::Writer w;
    w.u64(v.id);
    w.u8(static_cast<std::uint8_t>(v.outcome));
    w.u16(v.status);
    w.u64(v.requests_served);
    w.u64(v.rss_bytes);
    w.u64(v.php_memory_bytes);
    w.u64(v.php_peak_bytes);
    w.u64(v.reset_ns);
    w.u8(v.will_exit ? 1 : 0);
    w.str(v.detail);
    write_pairs(w, v.annotations);
    return w.take();
}

Result<RequestDone> decode_request_done(std::string_view payload) {
    wire::Reader r(payload);
    RequestDone v;
    v.id = r.u64();
    const std::uint8_t outcome = r.u8();
    // timeout and crashed are the master's observations, never a worker's report.
    if (outcome > static_cast<std::uint8_t>(last_reported_outcome)) return Error{"unknown request outcome"};
    v.outcome = static_cast<RequestOutcome>(outcome);
    v.status = r.u16();
    v.requests_served = r.u64();
    v.rss_bytes = r.u64();
    v.php_memory_bytes = r.u64();
    v.php_peak_bytes = r.u64();
    v.reset_ns = r.u64();
    v.will_exit = r.u8() != 0;
    v.detail = r.str();
    if (!read_pairs(r, v.annotations)) return Error{"malformed request_done annotations"};
    return finish(r, std::move(v), "request_done");
}

std::string encode(const WorkerReady& v) {
    wire::Writer w;
    w.u32(v.pid);
    w.u64(v.boot_ns);
    w.u64(v.rss_bytes);
    return w.take();
}

Result<WorkerReady> decode_worker_ready(std::string_view payload) {
    wire::Reader r(payload);
    WorkerReady v;
    v.pid = r.u32();
    v.boot_ns = r.u64();
    v.rss_bytes = r.u64();
    return finish(r, v, "worker_ready");
}

std::string encode(const SpawnWorker& v) {
    wire::Writer w;
    w.u64(v.worker_id);
    return w.take();
}

Result<SpawnWorker> decode_spawn_worker(std::string_view payload) {
    wire::Reader r(payload);
    SpawnWorker v;
    v.worker_id = r.u64();
    return finish(r, v, "spawn_worker");
}

std::string encode(const WorkerSpawned& v) {
    wire::Writer w;
    w.u64(v.worker_id);
    w.u32(v.pid);
    return w.take();
}

Result<WorkerSpawned> decode_worker_spawned(std::string_view payload) {
    wire::Reader r(payload);
    WorkerSpawned v;
    v.worker_id = r.u64();
    v.pid = r.u32();
    return finish(r, v, "worker_spawned");
}

}  // namespace runtime::ipc
