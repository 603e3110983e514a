#include "runtime/tls/server_contexts.hpp"

#include <openssl/ssl.h>

#include "certificate_names.hpp"
#include "runtime/tls/alpn.hpp"
#include "runtime/tls/sni.hpp"

namespace runtime::tls {

namespace ssl = boost::asio::ssl;

namespace {

// Sessions resumed from the server's cache must come from this server (OpenSSL refuses
// resumption without an id context when client certificates could be involved).
constexpr unsigned char session_id_context[] = "runtime-supercharger";
constexpr long session_cache_size = 20480;  // entries (about 1 KiB each), OpenSSL's default

Error failed(const std::string& what, const boost::system::error_code& ec) { return Error{what + ": " + ec.message()}; }

}  // namespace

Result<std::shared_ptr<ServerContexts>> ServerContexts::load(const config::TlsSettings& settings,
                                                             std::vector<std::string> protocols) {
    if (!settings.enabled()) return Error{"no certificate configured"};
    std::shared_ptr<ServerContexts> contexts(new ServerContexts());
    contexts->protocols_ = std::move(protocols);
    for (const auto& certificate : settings.certificates) {
        if (auto added = contexts->add(settings, certificate); !added) return added.error();
    }
    return contexts;
}

Result<bool> ServerContexts::add(const config::TlsSettings& settings, const config::TlsCertificate& certificate) {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
    boost::system::error_code ec;
    context->set_options(ssl::context::default_workarounds | ssl::context::no_compression | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                         ec);
    if (ec) return failed("TLS options", ec);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    if (!settings.session_tickets) SSL_CTX_set_options(native, SSL_OP_NO_TICKET);
    // Idle keep-alive connections give their read and write buffers back.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_cipher_list(native, settings.ciphers.c_str()) != 1)
        return Error{"TLS ciphers '" + settings.ciphers + "': no usable cipher"};
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
    SSL_CTX_sess_set_cache_size(native, session_cache_size);
    SSL_CTX_set_session_id_context(native, session_id_context, sizeof session_id_context - 1);

    context->use_certificate_chain_file(certificate.cert, ec);
    if (ec) return failed("certificate " + certificate.cert, ec);
    context->use_private_key_file(certificate.key, ssl::context::pem, ec);
    if (ec) return failed("private key " + certificate.key, ec);
    if (SSL_CTX_check_private_key(native) != 1)
        return Error{"private key " + certificate.key + " does not belong to certificate " + certificate.cert};

    // The SSL_CTX_set_tlsext_servername_* macros expand to C casts (-Wold-style-cast).
    using Callback = void (*)();
    SSL_CTX_callback_ctrl(native, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                          reinterpret_cast<Callback>(&ServerContexts::on_server_name));
    SSL_CTX_ctrl(native, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, this);
    SSL_CTX_set_alpn_select_cb(native, &ServerContexts::on_alpn, this);
    names_.push_back(certificate_names(SSL_CTX_get0_certificate(native)));
    contexts_.push_back(std::move(context));
    return true;
}

// Runs during the ClientHello: switching the SSL_CTX switches the certificate and key.
int ServerContexts::on_server_name(SSL* ssl, int* /*alert*/, void* self) {
    auto* contexts = static_cast<ServerContexts*>(self);
    const char* server_name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (server_name == nullptr) return SSL_TLSEXT_ERR_OK;
    const std::size_t index = pick_certificate(contexts->names_, server_name);
    if (index != 0) SSL_set_SSL_CTX(ssl, contexts->contexts_[index]->native_handle());
    return SSL_TLSEXT_ERR_OK;
}

// The server's preference wins (h2 before http/1.1). A client offering none of ours goes on
// without ALPN and is served HTTP/1.1.
int ServerContexts::on_alpn(SSL* /*ssl*/, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                            unsigned int in_length, void* self) {
    const auto* contexts = static_cast<const ServerContexts*>(self);
    const auto chosen =
        select_alpn(contexts->protocols_, std::string_view(reinterpret_cast<const char*>(in), in_length));
    if (!chosen) return SSL_TLSEXT_ERR_NOACK;
    *out = reinterpret_cast<const unsigned char*>(chosen->data());
    *out_length = static_cast<unsigned char>(chosen->size());
    return SSL_TLSEXT_ERR_OK;
}

std::string_view negotiated_protocol(SSL* ssl) {
    const unsigned char* protocol = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &protocol, &length);
    if (protocol == nullptr) return {};
    return std::string_view(reinterpret_cast<const char*>(protocol), length);
}

}  // namespace runtime::tls
