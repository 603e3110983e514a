// X-Sendfile / X-Accel-Redirect detection and the headers that travel with the file.
#include <gtest/gtest.h>

#include "runtime/http/static_delegation.hpp"

namespace runtime::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(FileDelegation, XSendfileCarriesAFilePathAndTheOtherHeaders) {
    const Pairs headers{{"Content-Type", "application/pdf"}, {"x-sendfile", " /srv/files/a.pdf "},
                        {"Content-Length", "38"}, {"Content-Disposition", "attachment"}};
    const auto delegation = find_file_delegation(200, headers);
    ASSERT_TRUE(delegation);
    EXPECT_EQ(delegation->kind, FileDelegation::Kind::file_path);
    EXPECT_EQ(delegation->target, "/srv/files/a.pdf");
    ASSERT_EQ(delegation->headers.size(), 2U);
    EXPECT_EQ(delegation->headers[0].name, "Content-Type");
    EXPECT_EQ(delegation->headers[1].name, "Content-Disposition");
}

TEST(FileDelegation, XAccelRedirectCarriesAUri) {
    const auto delegation = find_file_delegation(200, Pairs{{"X-Accel-Redirect", "/invoices/1.pdf"}});
    ASSERT_TRUE(delegation);
    EXPECT_EQ(delegation->kind, FileDelegation::Kind::uri);
    EXPECT_EQ(delegation->target, "/invoices/1.pdf");
}

TEST(FileDelegation, OnlyOkResponsesDelegate) {
    EXPECT_FALSE(find_file_delegation(404, Pairs{{"X-Sendfile", "/a"}}));
    EXPECT_FALSE(find_file_delegation(200, Pairs{{"Content-Type", "text/plain"}}));
}

TEST(FileDelegation, ApplicationHeadersReplaceTypeAndKeepValidators) {
    std::vector<Header> answer{{"ETag", "\"1-2\""}, {"Content-Type", "text/plain; charset=utf-8"},
                               {"Set-Cookie", "a=1"}};
    merge_application_headers(answer, {{"content-type", "application/pdf"}, {"ETag", "\"app\""},
                                       {"Set-Cookie", "b=2"}, {"Cache-Control", "private"}});
    ASSERT_EQ(answer.size(), 5U);
    EXPECT_EQ(answer[0].value, "\"1-2\"");
    EXPECT_EQ(answer[1].value, "application/pdf");
    EXPECT_EQ(answer[3].value, "b=2");
    EXPECT_EQ(answer[4].name, "Cache-Control");
}

}  // namespace
}  // namespace runtime::http
