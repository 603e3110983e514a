#pragma once
// One FastCGI connection from a web server (nginx): decode records, serve one request at a
// time through the worker exchange (FCGI_MPXS_CONNS=0), answer management records, keep the
// connection for the next request when the web server asked for FCGI_KEEP_CONN.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>

#include "runtime/config/settings.hpp"
#include "runtime/dispatch/deadline.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/dispatch/worker_exchange.hpp"
#include "runtime/fastcgi/decoder.hpp"
#include "runtime/fastcgi/encoder.hpp"
#include "runtime/fastcgi/request_facts.hpp"
#include "runtime/obs/metrics.hpp"

namespace runtime::net {

namespace asio = boost::asio;

// What every session of one listener shares.
struct FastCgiContext {
    const config::HttpSettings& limits;  // timeouts and body limit, as for HTTP clients
    dispatch::Router& router;
    obs::Metrics& metrics;
    fastcgi::Capabilities capabilities;  // answered to GET_VALUES
};

class FastCgiSession {
public:
    using Socket = asio::generic::stream_protocol::socket;

    FastCgiSession(Socket socket, const FastCgiContext& context);

    asio::awaitable<void> run();
    // Shutdown: close at once if no request is in progress, else after the current one.
    void stop_when_idle();

private:
    enum class Wait { idle, request };  // between requests: no timeout; inside one: timeouts apply

    // The next decoded event, reading from the socket when none is pending. Events that
    // need no request context (GET_VALUES, unknown types, refused BEGIN_REQUESTs) are
    // answered here. nullopt: closed, timed out, protocol error or a write failed.
    asio::awaitable<std::optional<fastcgi::Event>> next_event(Wait wait);
    asio::awaitable<bool> read_more(Wait wait);
    asio::awaitable<bool> write(std::string_view bytes);
    // Serves the request whose params are complete; false when the connection must close.
    asio::awaitable<bool> serve(const fastcgi::BeginRequest& begin, fastcgi::Params params);
    asio::awaitable<dispatch::BodyPiece> next_body_piece(std::uint16_t id);
    // Classic pools run SCRIPT_FILENAME: only .php files inside the document root (php-fpm's rule).
    static bool script_may_run(const dispatch::Route& route, const fastcgi::RequestFacts& facts);
    asio::awaitable<bool> end_request(std::uint16_t id);

    Socket socket_;
    const FastCgiContext& context_;
    fastcgi::ConnectionDecoder decoder_;
    std::string input_;  // StdinData events point into this until the next read
    std::deque<fastcgi::Event> events_;
    dispatch::Deadline deadline_;  // of the socket operation in progress
    bool idle_ = false;            // waiting for a request between requests
    bool stopping_ = false;
    bool broken_ = false;   // closed, timed out, protocol error or write failure
    bool aborted_ = false;  // the web server sent ABORT_REQUEST for the current request
};

}  // namespace runtime::net
