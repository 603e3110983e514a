#pragma once
// The host names a certificate is valid for, as SNI matching needs them.
#include <openssl/x509.h>

#include <string>
#include <vector>

namespace runtime::tls {

// subjectAltName DNS entries; the subject's common name only when there are none (RFC 6125).
std::vector<std::string> certificate_names(X509* certificate);

}  // namespace runtime::tls
