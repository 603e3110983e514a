#pragma once
// One client connection: parse requests in order, exchange each with a worker, write the
// responses back (keep-alive, pipelining, chunked streaming). Over plain TCP or TLS (ALPN
// http/1.1); a redirect listener answers every request with a 301 to https://.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "byte_transport.hpp"
#include "http_access.hpp"
#include "request_plan.hpp"
#include "runtime/cgi/cgi_params.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/dispatch/deadline.hpp"
#include "runtime/dispatch/router.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_delegation.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"
#include "site_files.hpp"
#include "static_files.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class HttpSession {
public:
    // `connection` describes the transport's peer and local end (and whether it is TLS).
    HttpSession(std::unique_ptr<ByteTransport> transport, cgi::ConnectionInfo connection,
                const config::HttpSettings& settings, dispatch::Router& router, StaticRoots& static_roots,
                obs::Metrics& metrics, std::shared_ptr<bool> draining, obs::AccessLog* access_log = nullptr);
    // A redirect listener: every request is answered 301 to https:// on `https_port`.
    void redirect_to_https(std::uint16_t https_port) { https_redirect_port_ = https_port; }

    asio::awaitable<void> run();

private:
    enum class ReadResult { data, closed, timeout };

    using Clock = std::chrono::steady_clock;
    // Lingering close bounds: total time, longest pause, bytes discarded.
    static constexpr std::chrono::seconds linger_time{5};
    static constexpr std::chrono::seconds linger_timeout{2};
    static constexpr std::size_t linger_max_bytes = 1024 * 1024;
    // TLS: how long a closing connection waits for the client's close_notify.
    static constexpr std::chrono::milliseconds close_notify_wait{1000};

    // Appends what the peer sends next to input_, waiting no later than `deadline`.
    asio::awaitable<ReadResult> read_more(Clock::time_point deadline);
    asio::awaitable<ReadResult> read_more_tls(Clock::time_point deadline);
    asio::awaitable<bool> write_rest(std::string_view bytes);
    // Static file bytes: sendfile(2) on plain TCP, copied through the TLS stream otherwise.
    asio::awaitable<bool> send_file_body(int file, std::uint64_t offset, std::uint64_t length);
    void arm_cancel(Clock::time_point at);
    asio::awaitable<void> drain_before_close();
    asio::awaitable<bool> write(std::string_view bytes);
    // Serves the request whose head was just parsed; false when the connection must close.
    asio::awaitable<bool> serve_request();
    // h2c with prior knowledge (RFC 9113 3.3): true when the client sent the HTTP/2 preface,
    // which HttpSession then hands the connection to.
    asio::awaitable<bool> http2_preface_arrived(Clock::time_point deadline);
    asio::awaitable<void> serve_http2();
    asio::awaitable<bool> respond_simple(int status, std::string_view body, bool keep_alive,
                                         std::vector<http::Header> extra = {});
    // Redirects and refusals decided before PHP (classic-site resolution, denied paths).
    asio::awaitable<bool> respond_early(EarlyAnswer answer, bool keep_alive);
    // Answers the current request with a file (after reading any request body).
    asio::awaitable<bool> serve_static(StaticAnswer answer, bool keep_alive);
    // X-Sendfile / X-Accel-Redirect: the file the application named, sent by the master.
    asio::awaitable<bool> serve_delegated(const dispatch::Route& route, http::FileDelegation delegation,
                                          bool keep_alive);
    void count_request(int status);
    void log_access();
    // Reads and discards the rest of the current request body (after an early answer).
    asio::awaitable<bool> skip_body();
    asio::awaitable<bool> answer_bad_body();
    http::RequestParser::Event next_event();

    std::unique_ptr<ByteTransport> transport_;
    asio::ip::tcp::socket* socket_;  // plain TCP only; null for TLS
    std::optional<std::uint16_t> https_redirect_port_;
    const config::HttpSettings& settings_;
    FrontEnd front_;
    obs::Metrics& metrics_;
    std::shared_ptr<bool> draining_;
    obs::AccessLog* access_log_;  // null: off
    ResponseFacts response_;      // of the request being served
    http::RequestParser parser_;
    cgi::ConnectionInfo connection_;
    std::string input_;
    std::size_t input_start_ = 0;
    dispatch::Deadline deadline_;  // of the socket operation in progress
};

}  // namespace runtime::net
