#include "certificate_names.hpp"

#include <openssl/x509v3.h>

#include <memory>

namespace runtime::tls {
namespace {

std::string text_of(const ASN1_STRING* value) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                       static_cast<std::size_t>(ASN1_STRING_length(value)));
}

struct GeneralNamesFree {
    void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

}  // namespace

std::vector<std::string> certificate_names(X509* certificate) {
    std::vector<std::string> names;
    if (certificate == nullptr) return names;
    std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> alt_names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
    if (alt_names) {
        for (int i = 0; i < sk_GENERAL_NAME_num(alt_names.get()); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(alt_names.get(), i);
            if (name->type == GEN_DNS) names.push_back(text_of(name->d.dNSName));
        }
    }
    if (!names.empty()) return names;
    X509_NAME* subject = X509_get_subject_name(certificate);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0) names.push_back(text_of(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index))));
    return names;
}

}  // namespace runtime::tls
