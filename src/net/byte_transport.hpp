#pragma once
// An async byte stream as the HTTP sessions see it: plain TCP or a TLS stream
// (StreamTransport<asio::ssl::stream<tcp::socket>>), without the sessions being templates.
#include <chrono>
#include <cstddef>
#include <memory>
#include <type_traits>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace runtime::net {

namespace asio = boost::asio;

class ByteTransport {
public:
    virtual ~ByteTransport() = default;
    virtual boost::asio::any_io_executor executor() = 0;
    virtual boost::asio::awaitable<std::size_t> read_some(boost::asio::mutable_buffer buffer,
                                                          boost::system::error_code& ec) = 0;
    virtual boost::asio::awaitable<std::size_t> write_some(boost::asio::const_buffer buffer,
                                                           boost::system::error_code& ec) = 0;
    // Pending reads and writes fail at once (deadlines).
    virtual void cancel() = 0;
    // Ends the connection (for TLS: without waiting for the peer's close_notify).
    virtual void close() = 0;
    // Ends the connection in order: over TLS, close_notify first, so a client reading a
    // close-delimited body can tell the end from a cut; waits at most `limit` for the peer.
    virtual boost::asio::awaitable<void> close_gracefully(std::chrono::milliseconds /*limit*/) {
        close();
        co_return;
    }
    // The plain TCP socket, for what only works without TLS (non-blocking fast paths,
    // sendfile); null for TLS.
    virtual boost::asio::ip::tcp::socket* plain_socket() { return nullptr; }
};

// Stream: anything with async_read_some / async_write_some and a lowest_layer() socket.
template <typename Stream>
class StreamTransport final : public ByteTransport {
public:
    explicit StreamTransport(Stream stream) : stream_(std::move(stream)) {}

    boost::asio::any_io_executor executor() override { return stream_.get_executor(); }

    boost::asio::awaitable<std::size_t> read_some(boost::asio::mutable_buffer buffer,
                                                  boost::system::error_code& ec) override {
        return stream_.async_read_some(buffer, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }

    boost::asio::awaitable<std::size_t> write_some(boost::asio::const_buffer buffer,
                                                   boost::system::error_code& ec) override {
        return stream_.async_write_some(buffer, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }

    void cancel() override {
        boost::system::error_code ignored;
        stream_.lowest_layer().cancel(ignored);
    }

    void close() override {
        boost::system::error_code ignored;
        stream_.lowest_layer().shutdown(std::decay_t<decltype(stream_.lowest_layer())>::shutdown_send, ignored);
        stream_.lowest_layer().close(ignored);
    }

    boost::asio::awaitable<void> close_gracefully(std::chrono::milliseconds limit) override {
        if constexpr (requires { stream_.async_shutdown(boost::asio::use_awaitable); }) {
            // The timer's handler may run after this transport is gone: it checks `done` first.
            auto done = std::make_shared<bool>(false);
            boost::asio::steady_timer timer(stream_.get_executor(), limit);
            timer.async_wait([this, done](const boost::system::error_code& ec) {
                if (!ec && !*done) cancel();  // the peer did not answer our close_notify in time
            });
            boost::system::error_code ec;
            co_await stream_.async_shutdown(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            *done = true;
        }
        close();
    }

    boost::asio::ip::tcp::socket* plain_socket() override {
        if constexpr (std::is_same_v<Stream, boost::asio::ip::tcp::socket>) {
            return &stream_;
        } else {
            return nullptr;
        }
    }

    Stream& stream() { return stream_; }

private:
    Stream stream_;
};

template <typename Stream>
std::unique_ptr<ByteTransport> make_byte_transport(Stream stream) {
    return std::make_unique<StreamTransport<Stream>>(std::move(stream));
}

}  // namespace runtime::net
