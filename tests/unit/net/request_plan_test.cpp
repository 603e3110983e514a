// net::plan_request against a real pool (its workers launched by a fake launcher, never
// started here) and a real document root: which requests are answered without PHP, served
// as files, or handed to a worker, and with what CGI variables.
#include "request_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>

#include "fake_launcher.hpp"
#include "runtime/pool/pool.hpp"
#include "temp_tree.hpp"

namespace runtime::net {
namespace {

using testing::request;
using testing::TempTree;

std::string param(const dispatch::ExchangeRequest& request, std::string_view name) {
    const auto& params = request.head.params;
    const auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
    return it == params.end() ? std::string("<unset>") : it->second;
}

class RequestPlanTest : public ::testing::Test {
protected:
    void SetUp() override {
        site.file("public/index.php", "<?php echo 1;");
        site.file("public/robots.txt", "User-agent: *");
        site.file("public/admin/secret.txt", "no");
        config::PoolSettings settings;
        settings.name = "app";
        settings.workers = 1;
        settings.entry = site.path("public/index.php");
        settings.document_root = site.path("public");
        settings.site.deny = {"/admin"};
        pool.emplace(io.get_executor(), settings, pool::PoolPaths{"/nonexistent", "boot.php"}, metrics,
                     std::make_unique<pool::testing::FakeLauncher>());
        router.add(*pool);
    }

    RequestPlan plan(http::RequestHead head, bool has_body = false) {
        return plan_request(front, head, connection, has_body);
    }

    TempTree site;
    boost::asio::io_context io;
    obs::Metrics metrics;
    std::optional<pool::Pool> pool;
    dispatch::Router router;
    config::HttpSettings http_settings;
    StaticRoots static_roots;
    FrontEnd front{http_settings, router, static_roots};
    cgi::ConnectionInfo connection{"192.0.2.7", 51234, "127.0.0.1", 8080, false};
};

TEST_F(RequestPlanTest, AnApplicationRouteGoesToAWorkerWithItsCgiVariables) {
    const RequestPlan p = plan(request("GET", "/hello/world?x=1", {{"Host", "example.test"}}));
    ASSERT_TRUE(p.worker);
    EXPECT_FALSE(p.file);
    EXPECT_FALSE(p.answer);
    EXPECT_EQ(p.worker->route->pool, &*pool);
    const auto& r = p.worker->request;
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.target, "/hello/world?x=1");
    EXPECT_FALSE(r.has_body);
    EXPECT_EQ(param(r, "SCRIPT_NAME"), "/index.php");
    EXPECT_EQ(param(r, "SCRIPT_FILENAME"), site.path("public/index.php"));
    EXPECT_EQ(param(r, "QUERY_STRING"), "x=1");
    EXPECT_EQ(param(r, "REQUEST_URI"), "/hello/world?x=1");
    EXPECT_EQ(param(r, "REMOTE_ADDR"), "192.0.2.7");
    EXPECT_EQ(param(r, "HTTP_HOST"), "example.test");
}

TEST_F(RequestPlanTest, AnExistingFileIsServedWithoutPhp) {
    const RequestPlan p = plan(request("GET", "/robots.txt"));
    ASSERT_TRUE(p.file);
    EXPECT_FALSE(p.worker);
    EXPECT_EQ(p.file->plan.content_length, 13u);
}

TEST_F(RequestPlanTest, ADeniedPrefixIsAnsweredWithoutPhp) {
    const RequestPlan p = plan(request("GET", "/admin/secret.txt"));
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 403);
    EXPECT_FALSE(p.worker);
}

TEST_F(RequestPlanTest, ARequestWithABodyIsMarkedSo) {
    const RequestPlan p = plan(request("POST", "/form", {{"Content-Length", "3"}}), /*has_body=*/true);
    ASSERT_TRUE(p.worker);
    EXPECT_TRUE(p.worker->request.has_body);
    EXPECT_EQ(param(p.worker->request, "REQUEST_METHOD"), "POST");
}

TEST_F(RequestPlanTest, NoPoolForTheHostIsA404) {
    router.rebuild({});
    const RequestPlan p = plan(request("GET", "/"));
    ASSERT_TRUE(p.answer);
    EXPECT_EQ(p.answer->status, 404);
}

}  // namespace
}  // namespace runtime::net
