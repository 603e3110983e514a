// The codec against a real nghttp2 client session: bytes go back and forth in memory.
#include "runtime/http2/server_codec.hpp"

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace runtime::http2 {
namespace {

using Clock = ServerCodec::Clock;

struct Client {
    nghttp2_session* session = nullptr;
    std::string wire;  // bytes for the server
    std::map<std::int32_t, std::string> status;
    std::map<std::int32_t, std::string> body;
    std::map<std::int32_t, std::uint32_t> closed;
    std::uint32_t goaway = 0xFFFFFFFF;
    std::string upload;
    std::size_t upload_offset = 0;

    Client() {
        nghttp2_session_callbacks* callbacks = nullptr;
        nghttp2_session_callbacks_new(&callbacks);
        nghttp2_session_callbacks_set_send_callback(
            callbacks, [](nghttp2_session*, const std::uint8_t* data, std::size_t length, int, void* user) -> ssize_t {
                static_cast<Client*>(user)->wire.append(reinterpret_cast<const char*>(data), length);
                return static_cast<ssize_t>(length);
            });
        nghttp2_session_callbacks_set_on_header_callback(
            callbacks, [](nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                          const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
                if (std::string(reinterpret_cast<const char*>(name), namelen) == ":status")
                    static_cast<Client*>(user)->status[frame->hd.stream_id] =
                        std::string(reinterpret_cast<const char*>(value), valuelen);
                return 0;
            });
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
            callbacks,
            [](nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data, std::size_t len, void* user) {
                static_cast<Client*>(user)->body[id].append(reinterpret_cast<const char*>(data), len);
                return 0;
            });
        nghttp2_session_callbacks_set_on_stream_close_callback(
            callbacks, [](nghttp2_session*, std::int32_t id, std::uint32_t code, void* user) {
                static_cast<Client*>(user)->closed[id] = code;
                return 0;
            });
        nghttp2_session_callbacks_set_on_frame_recv_callback(
            callbacks, [](nghttp2_session*, const nghttp2_frame* frame, void* user) {
                if (frame->hd.type == NGHTTP2_GOAWAY) static_cast<Client*>(user)->goaway = frame->goaway.error_code;
                return 0;
            });
        nghttp2_session_client_new(&session, callbacks, this);
        nghttp2_session_callbacks_del(callbacks);
        nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, nullptr, 0);
    }
    ~Client() { nghttp2_session_del(session); }

    std::int32_t get(const std::string& path, bool with_body = false) {
        std::vector<nghttp2_nv> nva;
        auto add = [&](const char* n, const std::string& v) {
            nva.push_back({reinterpret_cast<std::uint8_t*>(const_cast<char*>(n)),
                           reinterpret_cast<std::uint8_t*>(const_cast<char*>(v.data())), std::strlen(n), v.size(),
                           NGHTTP2_NV_FLAG_NONE});
        };
        static const std::string get_method = "GET", post = "POST", scheme = "http", authority = "example.com";
        add(":method", with_body ? post : get_method);
        add(":scheme", scheme);
        add(":authority", authority);
        add(":path", path);
        nghttp2_data_provider provider{};
        provider.read_callback = [](nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                                    std::uint32_t* flags, nghttp2_data_source*, void* user) -> ssize_t {
            auto* self = static_cast<Client*>(user);
            const std::size_t n = std::min(length, self->upload.size() - self->upload_offset);
            std::memcpy(buf, self->upload.data() + self->upload_offset, n);
            self->upload_offset += n;
            if (self->upload_offset == self->upload.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
            return static_cast<ssize_t>(n);
        };
        return nghttp2_submit_request(session, nullptr, nva.data(), nva.size(), with_body ? &provider : nullptr,
                                      nullptr);
    }
    std::string flush() {
        nghttp2_session_send(session);
        return std::exchange(wire, {});
    }
    void receive(const std::string& bytes) {
        nghttp2_session_mem_recv(session, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
};

// Moves bytes both ways until neither side has anything to say.
void pump(Client& client, ServerCodec& server, std::vector<StreamEvent>& events) {
    for (int round = 0; round < 100; ++round) {
        const std::string to_server = client.flush();
        if (!to_server.empty()) server.feed(to_server, Clock::now());
        for (auto& event : server.take_events()) events.push_back(std::move(event));
        const std::string to_client = server.take_output(1 << 20);
        if (to_server.empty() && to_client.empty()) return;
        client.receive(to_client);
    }
}

TEST(ServerCodec, RequestWithBodyAndResponse) {
    ServerCodec server({});
    Client client;
    client.upload = std::string(100000, 'u');  // more than one stream window
    const auto id = client.get("/upload?x=1", true);
    std::vector<StreamEvent> events;
    pump(client, server, events);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].kind, StreamEvent::request);
    EXPECT_EQ(events[0].head.method, "POST");
    EXPECT_EQ(events[0].head.target, "/upload?x=1");
    EXPECT_FALSE(events[0].end_stream);
    // The window stays shut until the body is consumed: only about 64 KiB arrives.
    std::size_t received = 0;
    for (const auto& e : events) received += e.kind == StreamEvent::body ? e.bytes.size() : 0;
    EXPECT_LE(received, 65536u);
    server.consume(id, received);
    pump(client, server, events);
    received = 0;
    bool ended = false;
    for (const auto& e : events) {
        received += e.kind == StreamEvent::body ? e.bytes.size() : 0;
        ended = ended || e.kind == StreamEvent::body_end;
    }
    server.consume(id, received);
    EXPECT_EQ(received, 100000u);
    EXPECT_TRUE(ended);

    ASSERT_TRUE(server.submit_response(id, {{":status", "201"}, {"content-type", "text/plain"}}, true));
    server.append_body(id, "hello ");
    pump(client, server, events);
    EXPECT_EQ(client.body[id], "hello ");
    EXPECT_EQ(client.closed.count(id), 0u);  // still streaming
    server.append_body(id, "world");
    server.end_body(id);
    pump(client, server, events);
    EXPECT_EQ(client.status[id], "201");
    EXPECT_EQ(client.body[id], "hello world");
    ASSERT_EQ(client.closed.count(id), 1u);
    EXPECT_EQ(client.closed[id], 0u);
}

TEST(ServerCodec, ClientResetIsReportedAsClosed) {
    ServerCodec server({});
    Client client;
    const auto id = client.get("/slow");
    std::vector<StreamEvent> events;
    pump(client, server, events);
    nghttp2_submit_rst_stream(client.session, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    pump(client, server, events);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().kind, StreamEvent::closed);
    EXPECT_EQ(events.back().error_code, static_cast<std::uint32_t>(NGHTTP2_CANCEL));
    EXPECT_FALSE(server.stream_open(id));
}

TEST(ServerCodec, RapidResetEndsTheConnectionWithEnhanceYourCalm) {
    CodecLimits limits;
    limits.max_resets = 5;
    ServerCodec server(limits);
    Client client;
    std::string flood;
    for (int i = 0; i < 10; ++i) {
        const auto id = client.get("/");
        flood += client.flush();
        nghttp2_submit_rst_stream(client.session, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
        flood += client.flush();
    }
    EXPECT_FALSE(server.feed(flood, Clock::now()));
    EXPECT_NE(server.abuse().find("rapid reset"), std::string::npos) << server.abuse();
    for (const auto& e : server.take_events()) EXPECT_EQ(e.kind, StreamEvent::closed);  // no new work
    client.receive(server.take_output(1 << 20));
    EXPECT_EQ(client.goaway, static_cast<std::uint32_t>(NGHTTP2_ENHANCE_YOUR_CALM));
}

TEST(ServerCodec, PingFloodEndsTheConnection) {
    CodecLimits limits;
    limits.max_control_frames = 20;
    ServerCodec server(limits);
    Client client;
    for (int i = 0; i < 50; ++i) nghttp2_submit_ping(client.session, NGHTTP2_FLAG_NONE, nullptr);
    EXPECT_FALSE(server.feed(client.flush(), Clock::now()));
    EXPECT_NE(server.abuse().find("control frame flood"), std::string::npos) << server.abuse();
}

TEST(ServerCodec, OversizedHeadersAreRefusedWith431) {
    CodecLimits limits;
    limits.head.max_header_bytes = 1024;
    ServerCodec server(limits);
    Client client;
    client.get("/" + std::string(1500, 'p'));
    std::vector<StreamEvent> events;
    pump(client, server, events);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events[0].kind, StreamEvent::refused);
    EXPECT_EQ(events[0].status, 431);
}

TEST(ServerCodec, GarbageInsteadOfThePrefaceIsAnError) {
    ServerCodec server({});
    EXPECT_FALSE(server.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Clock::now()));
    EXPECT_FALSE(server.error().empty());
}

}  // namespace
}  // namespace runtime::http2
