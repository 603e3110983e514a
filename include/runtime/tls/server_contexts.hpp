#pragma once
// The OpenSSL server side of one TLS listener: a context per certificate (SNI switches to the
// matching one during the handshake), TLS 1.2 and 1.3 only, ALPN, session cache and tickets.
// Immutable once loaded: a SIGHUP reload loads a new set, and each connection keeps the set it
// started with alive (shared_ptr) until it ends.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "runtime/common/result.hpp"
#include "runtime/config/settings.hpp"

namespace runtime::tls {

class ServerContexts {
public:
    // `protocols`: ALPN ids offered, in the server's order of preference ("h2", "http/1.1").
    // The error names the file or setting that failed.
    static Result<std::shared_ptr<ServerContexts>> load(const config::TlsSettings& settings,
                                                        std::vector<std::string> protocols);
    ServerContexts(const ServerContexts&) = delete;
    ServerContexts& operator=(const ServerContexts&) = delete;

    // Every connection starts with the default (first) certificate's context.
    boost::asio::ssl::context& default_context() { return *contexts_.front(); }
    // DNS names of each certificate (subjectAltName, else the subject's CN), for logs and tests.
    const std::vector<std::vector<std::string>>& names() const { return names_; }

private:
    ServerContexts() = default;
    Result<bool> add(const config::TlsSettings& settings, const config::TlsCertificate& certificate);
    static int on_server_name(SSL* ssl, int* alert, void* self);
    static int on_alpn(SSL* ssl, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                       unsigned int in_length, void* self);

    std::vector<std::unique_ptr<boost::asio::ssl::context>> contexts_;
    std::vector<std::vector<std::string>> names_;
    std::vector<std::string> protocols_;
};

// The protocol ALPN settled on for a finished handshake; empty when the client sent none.
std::string_view negotiated_protocol(SSL* ssl);

}  // namespace runtime::tls
