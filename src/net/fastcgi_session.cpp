#include "fastcgi_session.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "fastcgi_response_sink.hpp"
#include "runtime/common/overloaded.hpp"
#include "runtime/fastcgi/request_facts.hpp"
#include "runtime/obs/log.hpp"
#include "runtime/policy/script_policy.hpp"

namespace runtime::net {

namespace lvl = spdlog::level;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kReadSize = 64 * 1024;

}  // namespace

FastCgiSession::FastCgiSession(Socket socket, const FastCgiContext& context)
    : socket_(std::move(socket)), context_(context), deadline_(socket_.get_executor()) {
    boost::system::error_code ignored;  // fails harmlessly on unix sockets
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
}

void FastCgiSession::stop_when_idle() {
    stopping_ = true;
    if (!idle_) return;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
}

asio::awaitable<bool> FastCgiSession::read_more(Wait wait) {
    input_.resize(kReadSize);
    if (wait == Wait::request) deadline_.arm_cancel(socket_, Clock::now() + context_.limits.body_timeout);
    idle_ = wait == Wait::idle;
    boost::system::error_code ec;
    const std::size_t n = co_await socket_.async_read_some(asio::buffer(input_.data(), input_.size()),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    idle_ = false;
    const bool timed_out = deadline_.disarm();
    input_.resize(n);
    if (timed_out) obs::log(lvl::info, "FastCGI connection timed out waiting for the web server");
    co_return !ec && !timed_out;
}

asio::awaitable<bool> FastCgiSession::write(std::string_view bytes) {
    deadline_.arm_cancel(socket_, Clock::now() + context_.limits.send_timeout);
    boost::system::error_code ec;
    co_await asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    const bool timed_out = deadline_.disarm();
    const bool ok = !ec && !timed_out;
    if (!ok) broken_ = true;
    co_return ok;
}

asio::awaitable<std::optional<fastcgi::Event>> FastCgiSession::next_event(Wait wait) {
    for (;;) {
        if (broken_) co_return std::nullopt;
        if (events_.empty()) {
            if (stopping_ && wait == Wait::idle && decoder_.at_record_boundary()) co_return std::nullopt;
            const bool got_data = co_await read_more(wait);
            if (!got_data) {
                broken_ = true;
                co_return std::nullopt;
            }
            for (auto& fresh : decoder_.feed(input_)) events_.push_back(std::move(fresh));
            continue;
        }
        fastcgi::Event event = std::move(events_.front());
        events_.pop_front();
        std::string reply;
        bool keep = true;
        const bool handled =
            std::visit(Overloaded{
                           [&](fastcgi::GetValues& query) {
                               reply = fastcgi::encode_get_values_result(query.names, context_.capabilities);
                               return true;
                           },
                           [&](fastcgi::UnknownRecordType& unknown) {
                               reply = std::move(unknown.reply);
                               return true;
                           },
                           [&](fastcgi::RequestRejected& rejected) {
                               reply = std::move(rejected.reply);
                               keep = rejected.keep_conn || decoder_.active_requests() > 0;
                               return true;
                           },
                           [&](fastcgi::ProtocolError& error) {
                               obs::log(lvl::warn, "FastCGI protocol error: {}", error.reason);
                               broken_ = true;
                               return true;
                           },
                           [](auto&) { return false; },
                       },
                       event);
        if (!handled) co_return event;
        if (!reply.empty()) {
            const bool written = co_await write(reply);
            if (!written) co_return std::nullopt;
        }
        if (!keep) broken_ = true;
    }
}

asio::awaitable<bool> FastCgiSession::end_request(std::uint16_t id) {
    const std::string reply = fastcgi::encode_end_request(id, 0);
    const bool written = co_await write(reply);
    decoder_.request_finished(id);
    co_return written;
}

asio::awaitable<void> FastCgiSession::run() {
    context_.metrics.connection_opened();
    std::optional<fastcgi::BeginRequest> current;
    for (;;) {
        auto event = co_await next_event(current ? Wait::request : Wait::idle);
        if (!event) break;
        if (auto* started = std::get_if<fastcgi::BeginRequest>(&*event)) {
            current = *started;
            aborted_ = false;
        } else if (auto* params = std::get_if<fastcgi::ParamsComplete>(&*event)) {
            if (!current || params->id != current->id) continue;
            const fastcgi::BeginRequest request = *current;
            const bool carry_on = co_await serve(request, std::move(params->params));
            current.reset();
            if (!carry_on || !request.keep_conn || stopping_) break;
        } else if (auto* abort = std::get_if<fastcgi::AbortRequest>(&*event)) {
            // Queued behind the last STDIN record of a request that has since been answered: the
            // request is over (END_REQUEST sent), so there is nothing to confirm or close.
            if (!current || abort->id != current->id) continue;
            // Aborted before its params were complete: nothing ran.
            const bool keep_conn = current->keep_conn;
            current.reset();
            const bool written = co_await end_request(abort->id);
            if (!written || !keep_conn) break;
        }
        // STDIN of a request already answered (early 404/503) is ignored by the decoder.
    }
    boost::system::error_code ignored;
    socket_.shutdown(Socket::shutdown_send, ignored);
    socket_.close(ignored);
    context_.metrics.connection_closed();
}

asio::awaitable<dispatch::BodyPiece> FastCgiSession::next_body_piece(std::uint16_t id) {
    for (;;) {
        auto event = co_await next_event(Wait::request);
        if (!event) co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        if (auto* data = std::get_if<fastcgi::StdinData>(&*event); data && data->id == id)
            co_return dispatch::BodyPiece{dispatch::BodyPiece::data, std::string(data->data)};
        if (auto* end = std::get_if<fastcgi::StdinEnd>(&*event); end && end->id == id)
            co_return dispatch::BodyPiece{dispatch::BodyPiece::end, {}};
        if (auto* abort = std::get_if<fastcgi::AbortRequest>(&*event); abort && abort->id == id) {
            aborted_ = true;
            co_return dispatch::BodyPiece{dispatch::BodyPiece::failed, {}};
        }
    }
}

bool FastCgiSession::script_may_run(const dispatch::Route& route, const fastcgi::RequestFacts& facts) {
    const auto& settings = route.pool->settings();
    if (settings.mode != config::Mode::classic) return true;  // worker mode runs the pool's front controller
    if (policy::resolve_script(settings.document_root, facts.script_filename)) return true;
    obs::log(lvl::warn, "primary script unknown: SCRIPT_FILENAME '{}' is not a .php file inside {} (pool {}, {})",
             facts.script_filename, settings.document_root, settings.name, facts.uri);
    return false;
}

asio::awaitable<bool> FastCgiSession::serve(const fastcgi::BeginRequest& begin, fastcgi::Params params) {
    const auto started = Clock::now();
    const fastcgi::RequestFacts facts = fastcgi::request_facts(params);
    FastCgiResponseSink sink([this](std::string_view bytes) { return write(bytes); }, begin.id, facts.uri);
    const dispatch::Route* route = context_.router.route(facts.host, facts.route_path);
    if (!route) {
        co_await sink.respond(404, "No pool serves this host and path\n");
    } else if (!script_may_run(*route, facts)) {
        co_await sink.respond(404, policy::kScriptNotFoundBody);
    } else {
        const auto& pool_settings = route->pool->settings();
        ipc::RequestHead head;
        head.request_time = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        head.timeout_seconds = static_cast<std::uint32_t>(pool_settings.policy.request_timeout.count());
        head.content_length = facts.content_length;
        head.params = std::move(params);  // $_SERVER as the web server sent it, like php-fpm
        const dispatch::BodySource next_body = [this, id = begin.id] { return next_body_piece(id); };
        dispatch::ExchangeRequest request{std::move(head), facts.method, facts.uri, true};
        co_await dispatch::exchange_with_worker(*route->pool, std::move(request), next_body, sink);
    }

    const int status = sink.status();
    const std::string status_class = status > 0 ? std::to_string(status / 100) + "xx" : "none";
    context_.metrics.request_served(status_class);
    context_.metrics.request_duration(status_class, std::chrono::duration<double>(Clock::now() - started).count());

    if (sink.completed()) {
        decoder_.request_finished(begin.id);
        co_return !broken_;
    }
    // ABORT_REQUEST from the web server: confirm it and carry on. Anything else (worker died
    // mid-response, connection broken) closes the connection without END_REQUEST.
    if (aborted_ && !broken_) co_return co_await end_request(begin.id);
    co_return false;
}

}  // namespace runtime::net
