#pragma once
// One HTTP/2 connection (RFC 9113) over any byte stream: h2c with prior knowledge on a plain
// listener today, TLS with ALPN "h2" later (construct it with a StreamTransport of the TLS
// stream). Each stream becomes the same RequestHead the HTTP/1.1 path builds and goes
// through the same plan (routing, static files, CGI mapping) and worker exchange; streams run
// concurrently, each as its own coroutine. A reader feeds the codec, a writer drains it, a
// watchdog handles idleness and draining.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "async_signal.hpp"
#include "byte_transport.hpp"
#include "http_access.hpp"
#include "request_plan.hpp"
#include "runtime/cgi/cgi_params.hpp"
#include "runtime/http2/server_codec.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class Http2Session : public std::enable_shared_from_this<Http2Session> {
public:
    // already_read: bytes received before the session took over (they start with the preface).
    Http2Session(std::unique_ptr<ByteTransport> transport, std::string already_read, cgi::ConnectionInfo connection,
                 FrontEnd front, obs::Metrics& metrics, std::shared_ptr<bool> draining, obs::AccessLog* access_log);
    ~Http2Session();

    // Serves the connection until it ends and every stream's handler has finished.
    asio::awaitable<void> run();

private:
    using Clock = std::chrono::steady_clock;
    struct Stream;
    class Writer;

    asio::awaitable<void> write_loop();
    asio::awaitable<void> watchdog();
    void handle_events();
    void start_stream(std::int32_t id, http::RequestHead head, bool has_body, int refused_status);
    asio::awaitable<void> serve_stream(std::shared_ptr<Stream> stream);
    asio::awaitable<void> serve_with_worker(Stream& stream, WorkerPlan work);
    asio::awaitable<void> serve_static(Stream& stream, StaticAnswer answer);
    asio::awaitable<void> answer(Stream& stream, int status, std::string_view body,
                                 std::vector<http::Header> extra = {});
    asio::awaitable<dispatch::BodyPiece> next_body(Stream& stream);
    asio::awaitable<bool> write_body(Stream& stream, std::string_view bytes);
    void wake_writer() { write_signal_.notify(); }
    void close_all_streams();

    std::unique_ptr<ByteTransport> transport_;
    std::string already_read_;
    cgi::ConnectionInfo connection_;
    FrontEnd front_;
    obs::Metrics& metrics_;
    std::shared_ptr<bool> draining_;
    obs::AccessLog* access_log_;
    http2::ServerCodec codec_;
    std::map<std::int32_t, std::shared_ptr<Stream>> streams_;  // with a running handler
    AsyncSignal write_signal_;
    AsyncSignal finished_signal_;  // the writer or a handler ended
    bool closing_ = false;         // no more reading; the writer flushes what is due and stops
    bool writer_done_ = false;
    bool shut_down_ = false;  // GOAWAY sent (draining or idle)
    Clock::time_point last_activity_;
};

}  // namespace runtime::net
