#pragma once
// FastCGI framing of a worker's response: a CGI head ("Status: 200 OK", headers) and the body
// as STDOUT records, then the empty STDOUT record and END_REQUEST. The web server (nginx)
// does the HTTP framing. A worker failure after output has started ends the request without
// END_REQUEST: the connection is closed and nginx sees a truncated upstream response.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/dispatch/response_sink.hpp"
#include "runtime/fastcgi/cgi_response.hpp"

namespace runtime::net {

namespace asio = boost::asio;

class FastCgiResponseSink final : public dispatch::ResponseSink {
public:
    using Writer = std::function<asio::awaitable<bool>(std::string_view)>;  // false: write failed

    FastCgiResponseSink(Writer write, std::uint16_t request_id, std::string target);

    asio::awaitable<void> head(const ipc::ResponseHead& head) override;
    asio::awaitable<void> body(std::string_view bytes) override;
    asio::awaitable<void> end() override;
    asio::awaitable<void> fail(const dispatch::ExchangeFailure& failure) override;
    asio::awaitable<void> abort() override;

    // A whole answer from the server itself (no route, script refused ...), with END_REQUEST.
    asio::awaitable<void> respond(int status, std::string_view text, std::vector<fastcgi::CgiHeader> extra = {});

    int status() const { return status_; }  // what the web server got (0: nothing)
    // END_REQUEST was written and every write succeeded: the connection can carry on.
    bool completed() const { return ended_ && !write_failed_; }
    bool client_gone() const override { return write_failed_; }

private:
    asio::awaitable<void> send(const std::string& bytes);
    // STDOUT records of `data`, then (if `last`) the end of STDOUT and END_REQUEST.
    std::string records(std::string_view data, bool last) const;

    Writer write_;
    std::uint16_t id_;
    std::string target_;
    std::string head_;     // CGI head not yet written (length known: sent with the body)
    std::string pending_;  // body of a response whose length is known, sent whole at the end
    bool streaming_ = false;
    bool output_started_ = false;
    bool done_ = false;   // the response is complete or was replaced: ignore the rest
    bool ended_ = false;  // END_REQUEST written
    bool write_failed_ = false;
    int status_ = 0;
};

}  // namespace runtime::net
