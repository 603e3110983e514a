#include "runtime/fastcgi/request_facts.hpp"

#include <gtest/gtest.h>

namespace runtime::fastcgi {
namespace {

TEST(RequestFacts, TakesWhatNginxSendsForAFrontController) {
    const Params params{{"REQUEST_METHOD", "POST"},     {"REQUEST_URI", "/blog/1?x=2"},
                        {"DOCUMENT_URI", "/index.php"}, {"SCRIPT_NAME", "/index.php"},
                        {"HTTP_HOST", "example.test"},  {"SCRIPT_FILENAME", "/srv/app/public/index.php"},
                        {"CONTENT_LENGTH", "42"}};
    const RequestFacts facts = request_facts(params);
    EXPECT_EQ(facts.method, "POST");
    EXPECT_EQ(facts.uri, "/blog/1?x=2");
    EXPECT_EQ(facts.host, "example.test");
    EXPECT_EQ(facts.route_path, "/index.php");
    EXPECT_EQ(facts.script_filename, "/srv/app/public/index.php");
    EXPECT_EQ(facts.content_length, 42);
}

TEST(RequestFacts, FallsBackWhenParamsAreMissing) {
    const RequestFacts bare = request_facts({});
    EXPECT_EQ(bare.method, "GET");
    EXPECT_EQ(bare.route_path, "/");
    EXPECT_EQ(bare.content_length, -1);
    EXPECT_TRUE(bare.script_filename.empty());

    const RequestFacts from_uri =
        request_facts({{"REQUEST_URI", "/api/items?page=2"}, {"SERVER_NAME", "fallback.test"}});
    EXPECT_EQ(from_uri.route_path, "/api/items");
    EXPECT_EQ(from_uri.host, "fallback.test");
    EXPECT_EQ(from_uri.uri, "/api/items?page=2");

    EXPECT_EQ(request_facts({{"SCRIPT_NAME", "/app.php"}}).route_path, "/app.php");
}

TEST(RequestFacts, IgnoresContentLengthThatIsNotANumber) {
    EXPECT_EQ(request_facts({{"CONTENT_LENGTH", ""}}).content_length, -1);
    EXPECT_EQ(request_facts({{"CONTENT_LENGTH", "12abc"}}).content_length, -1);
    EXPECT_EQ(request_facts({{"CONTENT_LENGTH", "-5"}}).content_length, -1);
    EXPECT_EQ(request_facts({{"CONTENT_LENGTH", "0"}}).content_length, 0);
}

TEST(FindParam, LaterPairsOverrideEarlierOnes) {
    const Params params{{"HTTPS", ""}, {"HTTPS", "on"}};
    EXPECT_EQ(find_param(params, "HTTPS"), "on");
    EXPECT_FALSE(find_param(params, "HTTP_HOST").has_value());
}

}  // namespace
}  // namespace runtime::fastcgi
