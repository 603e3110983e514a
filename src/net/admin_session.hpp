#pragma once
// One admin connection: HTTP/1.1 with keep-alive, GET/HEAD pages from obs::answer_admin.
// Small limits and short timeouts: it only ever serves monitoring probes. Plain TCP or TLS.
#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "byte_transport.hpp"
#include "runtime/dispatch/deadline.hpp"
#include "runtime/http/request_parser.hpp"
#include "runtime/obs/admin_pages.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class AdminSession {
public:
    AdminSession(std::unique_ptr<ByteTransport> transport, std::shared_ptr<const obs::AdminSources> sources);
    asio::awaitable<void> run();

private:
    static constexpr std::chrono::seconds idle_timeout{30};
    static constexpr std::chrono::seconds request_timeout{10};

    // Reads more input before the deadline; false on timeout, EOF or error.
    asio::awaitable<bool> read_some(std::chrono::steady_clock::time_point deadline);
    asio::awaitable<bool> send(const std::string& bytes);
    // Answers the request whose head was just parsed; false when the connection must close.
    asio::awaitable<bool> answer(const http::RequestHead& head);

    void arm_cancel(std::chrono::steady_clock::time_point at);

    std::unique_ptr<ByteTransport> transport_;
    std::shared_ptr<const obs::AdminSources> sources_;
    http::RequestParser parser_;
    std::string input_;
    dispatch::Deadline deadline_;  // of the socket operation in progress
};

}  // namespace runtime::net
