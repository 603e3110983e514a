#include "admin_session.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "runtime/http/response_head.hpp"

namespace runtime::net {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = http::RequestParser::EventKind;

constexpr http::ParserLimits admin_limits{.max_request_line = 4096,
                                          .max_header_bytes = 16384,
                                          .max_header_count = 64,
                                          .max_body_bytes = 64 * 1024};

std::string serialize(const obs::AdminReply& reply, const http::RequestHead& head, bool keep_alive) {
    http::ResponseHeadSpec spec;
    spec.status = reply.status;
    spec.version_minor = head.version_minor;
    spec.headers.push_back({"Content-Type", reply.content_type});
    spec.headers.push_back({"Cache-Control", "no-store"});
    for (const auto& [name, value] : reply.headers) spec.headers.push_back({name, value});
    spec.framing = http::BodyFraming::content_length;
    spec.content_length = reply.body.size();
    spec.keep_alive = keep_alive;
    spec.is_head_request = head.method == "HEAD";
    // Only our own fixed headers: serialization cannot fail short of a bug.
    auto bytes = http::serialize_response_head(spec);
    if (!bytes) return http::simple_response(500, false);
    if (!spec.is_head_request) bytes.value() += reply.body;
    return std::move(bytes.value());
}

}  // namespace

AdminSession::AdminSession(std::unique_ptr<ByteTransport> transport, std::shared_ptr<const obs::AdminSources> sources)
    : transport_(std::move(transport)),
      sources_(std::move(sources)),
      parser_(admin_limits),
      deadline_(transport_->executor()) {}

void AdminSession::arm_cancel(Clock::time_point at) {
    deadline_.arm(at, [transport = transport_.get()] { transport->cancel(); });
}

asio::awaitable<bool> AdminSession::read_some(Clock::time_point deadline) {
    char buffer[4096];
    arm_cancel(deadline);
    boost::system::error_code ec;
    const std::size_t n = co_await transport_->read_some(asio::buffer(buffer), ec);
    const bool expired = deadline_.disarm();
    if (ec || expired) co_return false;
    input_.append(buffer, n);
    co_return true;
}

asio::awaitable<bool> AdminSession::send(const std::string& bytes) {
    arm_cancel(Clock::now() + request_timeout);
    std::string_view rest(bytes);
    boost::system::error_code ec;
    while (!rest.empty() && !ec) rest.remove_prefix(co_await transport_->write_some(asio::buffer(rest), ec));
    const bool expired = deadline_.disarm();
    co_return !ec && !expired;
}

asio::awaitable<bool> AdminSession::answer(const http::RequestHead& head) {
    const bool keep_alive = head.keep_alive;
    const obs::AdminReply reply = obs::answer_admin(head.method, head.target, *sources_);
    const std::string response = serialize(reply, head, keep_alive);
    co_return co_await send(response) && keep_alive;
}

asio::awaitable<void> AdminSession::run() {
    // A request (head and any body) must arrive within request_timeout of its first byte;
    // between requests the connection may idle for idle_timeout.
    auto deadline = Clock::now() + request_timeout;
    bool between_requests = false;
    bool open = true;
    while (open) {
        const auto event = parser_.feed(input_);
        input_.erase(0, event.consumed);
        switch (event.kind) {
            case Kind::need_more: {
                const auto wait_until = between_requests ? Clock::now() + idle_timeout : deadline;
                open = co_await read_some(wait_until);
                if (between_requests) {
                    between_requests = false;
                    deadline = Clock::now() + request_timeout;
                }
                break;
            }
            case Kind::head:
            case Kind::body:
                break;  // a body is read and ignored; the answer waits for the whole request
            case Kind::message_complete:
                open = co_await answer(parser_.head());
                between_requests = input_.empty();
                if (!between_requests) deadline = Clock::now() + request_timeout;
                break;
            case Kind::error: {
                const std::string response = http::simple_response(parser_.error().status, false);
                co_await send(response);
                open = false;
                break;
            }
        }
    }
    transport_->close();
}

}  // namespace runtime::net
