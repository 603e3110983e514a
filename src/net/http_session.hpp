#pragma once
// One client connection: parse requests in order, exchange each with a worker, write the
// responses back (keep-alive, pipelining, chunked streaming).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "deadline.hpp"
#include "http_access.hpp"
#include "request_plan.hpp"
#include "runtime/cgi/cgi_params.hpp"
#include "runtime/config/settings.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/http/static_delegation.hpp"
#include "runtime/net/router.hpp"
#include "runtime/obs/access_log.hpp"
#include "runtime/obs/metrics.hpp"
#include "site_files.hpp"
#include "static_files.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class HttpSession {
public:
    HttpSession(asio::ip::tcp::socket socket, const config::HttpSettings& settings, Router& router,
                StaticRoots& static_roots, obs::Metrics& metrics, std::shared_ptr<bool> draining,
                obs::AccessLog* access_log = nullptr);

    asio::awaitable<void> run();

private:
    enum class ReadResult { data, closed, timeout };

    using Clock = std::chrono::steady_clock;
    // Lingering close bounds: total time, longest pause, bytes discarded.
    static constexpr std::chrono::seconds linger_time{5};
    static constexpr std::chrono::seconds linger_timeout{2};
    static constexpr std::size_t linger_max_bytes = 1024 * 1024;

    // Appends what the peer sends next to input_, waiting no later than `deadline`.
    asio::awaitable<ReadResult> read_more(Clock::time_point deadline);
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
    asio::awaitable<bool> serve_delegated(const Route& route, http::FileDelegation delegation, bool keep_alive);
    void count_request(int status);
    void log_access();
    // Reads and discards the rest of the current request body (after an early answer).
    asio::awaitable<bool> skip_body();
    asio::awaitable<bool> answer_bad_body();
    http::RequestParser::Event next_event();

    asio::ip::tcp::socket socket_;
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
    Deadline deadline_;  // of the socket operation in progress
};

}  // namespace runtime::net
