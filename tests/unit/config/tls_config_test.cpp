// listen.https, listen.https_redirect and TLS on listen.admin: YAML, flags, environment,
// validation and what a SIGHUP reload applies.
#include <gtest/gtest.h>

#include "config_fixture.hpp"
#include "runtime/config/reload_diff.hpp"

namespace runtime::config::testing {
namespace {

class TlsConfig : public ConfigTest {
protected:
    TlsConfig() {
        scratch.write("certs/site.pem", "-----BEGIN CERTIFICATE-----\n");
        scratch.write("certs/site.key", "-----BEGIN PRIVATE KEY-----\n");
        scratch.write("certs/other.pem", "-----BEGIN CERTIFICATE-----\n");
        scratch.write("certs/other.key", "-----BEGIN PRIVATE KEY-----\n");
    }
};

constexpr std::string_view https_yaml =
    "listen:\n"
    "  https:\n"
    "    address: 127.0.0.1:8443\n"
    "    certificates:\n"
    "      - cert: certs/site.pem\n"
    "        key: certs/site.key\n"
    "      - cert: certs/other.pem\n"
    "        key: certs/other.key\n"
    "    session_tickets: false\n"
    "  https_redirect: 127.0.0.1:8081\n"
    "pools:\n"
    "  - entry: app/public/index.php\n";

TEST_F(TlsConfig, HttpsListenerWithSeveralCertificates) {
    auto settings = load_yaml(https_yaml);
    ASSERT_TRUE(settings) << settings.error().message;
    ASSERT_TRUE(settings->https_listen);
    EXPECT_EQ(settings->https_listen->to_string(), "127.0.0.1:8443");
    ASSERT_EQ(settings->https_tls.certificates.size(), 2u);
    // Relative to the configuration file.
    EXPECT_EQ(settings->https_tls.certificates[0].cert, in_scratch("certs/site.pem"));
    EXPECT_EQ(settings->https_tls.certificates[1].key, in_scratch("certs/other.key"));
    EXPECT_FALSE(settings->https_tls.session_tickets);
    EXPECT_EQ(settings->https_tls.ciphers, default_tls_ciphers);
    ASSERT_TRUE(settings->https_redirect_listen);
    EXPECT_EQ(settings->https_redirect_listen->port, 8081);
    EXPECT_FALSE(settings->admin_tls.enabled());
}

TEST_F(TlsConfig, FlagsAndEnvironmentGiveOneCertificate) {
    auto settings =
        load({"serve", "--entry", in_scratch("app/public/index.php"), "--https", "127.0.0.1:9443", "--tls-cert",
              in_scratch("certs/site.pem")},
             {{"RUNTIME_TLS_KEY", in_scratch("certs/site.key")}, {"RUNTIME_HTTPS_REDIRECT", "127.0.0.1:9080"}});
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->https_listen->port, 9443);
    ASSERT_EQ(settings->https_tls.certificates.size(), 1u);
    EXPECT_EQ(settings->https_tls.certificates[0].key, in_scratch("certs/site.key"));
    EXPECT_EQ(settings->https_redirect_listen->port, 9080);
}

TEST_F(TlsConfig, AdminListenerMayUseTls) {
    auto settings = load_yaml(
        "listen:\n  admin:\n    address: 127.0.0.1:9443\n    certificates:\n"
        "      - {cert: certs/site.pem, key: certs/site.key}\n"
        "pools:\n  - entry: app/public/index.php\n");
    ASSERT_TRUE(settings) << settings.error().message;
    EXPECT_EQ(settings->admin_listen->port, 9443);
    EXPECT_TRUE(settings->admin_tls.enabled());
    // The short form stays plain.
    auto plain = load_yaml("listen:\n  admin: 127.0.0.1:9181\npools:\n  - entry: app/public/index.php\n");
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_FALSE(plain->admin_tls.enabled());
}

TEST_F(TlsConfig, AdminTurnedOffIgnoresItsCertificatesButHttpsCertificatesNeedTheListener) {
    auto admin_off = load_yaml(
        "listen:\n  admin:\n    address: 127.0.0.1:9443\n    certificates:\n"
        "      - {cert: certs/site.pem, key: certs/site.key}\n"
        "pools:\n  - entry: app/public/index.php\n",
        {"--admin", "off"});
    ASSERT_TRUE(admin_off) << admin_off.error().message;
    EXPECT_TRUE(admin_off->admin_listen->is_off());

    auto no_https = load({"serve", "--entry", in_scratch("app/public/index.php"), "--tls-cert",
                          in_scratch("certs/site.pem"), "--tls-key", in_scratch("certs/site.key")});
    ASSERT_FALSE(no_https);
    EXPECT_NE(no_https.error().message.find("only applies with listen.https.address"), std::string::npos)
        << no_https.error().message;
}

TEST_F(TlsConfig, HttpsNeedsACertificate) {
    auto settings =
        load_yaml("listen:\n  https:\n    address: 127.0.0.1:8443\npools:\n  - entry: app/public/index.php\n");
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("listen.https.certificates: at least one certificate is required"),
              std::string::npos)
        << settings.error().message;
}

TEST_F(TlsConfig, HttpsIsAMapping) {
    auto settings = load_yaml("listen:\n  https: 127.0.0.1:8443\npools:\n  - entry: app/public/index.php\n");
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("expected a mapping with address and certificates"), std::string::npos)
        << settings.error().message;
}

TEST_F(TlsConfig, MissingKeyFileIsNamed) {
    auto settings = load_yaml(
        "listen:\n  https:\n    address: 127.0.0.1:8443\n    certificates:\n"
        "      - cert: certs/site.pem\n        key: certs/missing.key\n"
        "pools:\n  - entry: app/public/index.php\n");
    ASSERT_FALSE(settings);
    EXPECT_NE(settings.error().message.find("listen.https.certificates[0].key"), std::string::npos)
        << settings.error().message;
    EXPECT_NE(settings.error().message.find("is not a readable file"), std::string::npos) << settings.error().message;
}

TEST_F(TlsConfig, RedirectNeedsHttpsAndListenersMustNotCollide) {
    auto redirect_only =
        load_yaml("listen:\n  https_redirect: 127.0.0.1:8081\npools:\n  - entry: app/public/index.php\n");
    ASSERT_FALSE(redirect_only);
    EXPECT_NE(redirect_only.error().message.find("listen.https_redirect"), std::string::npos);

    auto collide = load_yaml(std::string(https_yaml) + "", {"--listen", "127.0.0.1:8443"});
    ASSERT_FALSE(collide);
    EXPECT_NE(collide.error().message.find("conflicts with"), std::string::npos) << collide.error().message;
}

TEST_F(TlsConfig, ReloadAppliesCertificatesButNotTheAddress) {
    auto running = load_yaml(https_yaml);
    ASSERT_TRUE(running) << running.error().message;
    Settings loaded = *running;
    loaded.https_tls.certificates.pop_back();
    loaded.https_tls.ciphers = "ECDHE-RSA-AES128-GCM-SHA256";
    EXPECT_TRUE(diff_for_reload(*running, loaded).restart_required.empty());
    EXPECT_EQ(settings_after_reload(*running, loaded).https_tls, loaded.https_tls);

    loaded.https_listen->port = 9443;
    EXPECT_EQ(diff_for_reload(*running, loaded).restart_required, std::vector<std::string>{"listen.https.address"});
}

}  // namespace
}  // namespace runtime::config::testing
