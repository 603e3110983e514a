// build_cgi_params: the $_SERVER variables PHP sees for a hand-built request head.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/cgi/cgi_params.hpp"

namespace runtime::cgi {
namespace {

http::RequestHead request(std::string method, std::string target, std::vector<http::Header> headers = {}) {
    http::RequestHead head;
    head.method = std::move(method);
    head.target = std::move(target);
    head.headers = std::move(headers);
    return head;
}

ConnectionInfo connection() {
    ConnectionInfo info;
    info.remote_addr = "203.0.113.7";
    info.remote_port = 51234;
    info.server_addr = "10.0.0.5";
    info.server_port = 8080;
    return info;
}

ScriptInfo script() { return ScriptInfo{"/srv/app/public", "/srv/app/public/index.php", "/index.php", std::nullopt, {}}; }

std::vector<Param> params_for(const http::RequestHead& head, const ConnectionInfo& info = connection()) {
    return build_cgi_params(head, info, script());
}

// The value of a variable, std::nullopt if absent; fails the test if it appears twice.
std::optional<std::string> find(const std::vector<Param>& params, std::string_view name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : params) {
        if (key != name) continue;
        EXPECT_FALSE(found.has_value()) << name << " appears more than once";
        found = value;
    }
    return found;
}

TEST(CgiParams, RequestLineVariables) {
    const auto params = params_for(request("POST", "/blog/post?id=5&sort=desc"));
    EXPECT_EQ(find(params, "REQUEST_METHOD"), "POST");
    EXPECT_EQ(find(params, "REQUEST_URI"), "/blog/post?id=5&sort=desc");
    EXPECT_EQ(find(params, "QUERY_STRING"), "id=5&sort=desc");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/blog/post");
    EXPECT_EQ(find(params, "GATEWAY_INTERFACE"), "CGI/1.1");
    EXPECT_EQ(find(params, "REDIRECT_STATUS"), "200");
}

TEST(CgiParams, TargetWithoutQueryHasEmptyQueryString) {
    const auto params = params_for(request("GET", "/blog/post"));
    EXPECT_EQ(find(params, "QUERY_STRING"), "");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/blog/post");
    EXPECT_EQ(find(params, "REQUEST_URI"), "/blog/post");
}

TEST(CgiParams, EmptyQueryAfterQuestionMark) {
    const auto params = params_for(request("GET", "/search?"));
    EXPECT_EQ(find(params, "QUERY_STRING"), "");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/search");
    EXPECT_EQ(find(params, "REQUEST_URI"), "/search?");
}

TEST(CgiParams, OnlyTheFirstQuestionMarkSplitsTheTarget) {
    const auto params = params_for(request("GET", "/a?b=?c"));
    EXPECT_EQ(find(params, "QUERY_STRING"), "b=?c");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/a");
}

TEST(CgiParams, ScriptVariablesComeFromScriptInfo) {
    const auto params = params_for(request("GET", "/anything/else"));
    EXPECT_EQ(find(params, "DOCUMENT_ROOT"), "/srv/app/public");
    EXPECT_EQ(find(params, "SCRIPT_FILENAME"), "/srv/app/public/index.php");
    EXPECT_EQ(find(params, "SCRIPT_NAME"), "/index.php");
    EXPECT_EQ(find(params, "PHP_SELF"), "/index.php");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/anything/else");
    EXPECT_EQ(find(params, "PATH_INFO"), std::nullopt);
}

TEST(CgiParams, PathInfoOfAScriptFoundFromThePath) {
    ScriptInfo info = script();
    info.script_filename = "/srv/app/public/info.php";
    info.script_name = "/info.php";
    info.path_info = "/extra/path x";
    info.document_uri = "/info.php/extra/path x";
    const auto params = build_cgi_params(request("GET", "/info.php/extra/path%20x?q=1"), connection(), info);
    EXPECT_EQ(find(params, "PATH_INFO"), "/extra/path x");
    EXPECT_EQ(find(params, "PATH_TRANSLATED"), "/srv/app/public/extra/path x");
    EXPECT_EQ(find(params, "PHP_SELF"), "/info.php/extra/path x");
    EXPECT_EQ(find(params, "DOCUMENT_URI"), "/info.php/extra/path x");
    EXPECT_EQ(find(params, "REQUEST_URI"), "/info.php/extra/path%20x?q=1");
}

TEST(CgiParams, EmptyPathInfoIsSentWithoutPathTranslated) {
    ScriptInfo info = script();
    info.path_info = "";
    const auto params = build_cgi_params(request("GET", "/missing"), connection(), info);
    EXPECT_EQ(find(params, "PATH_INFO"), "");
    EXPECT_EQ(find(params, "PATH_TRANSLATED"), std::nullopt);
    EXPECT_EQ(find(params, "PHP_SELF"), "/index.php");
}

TEST(CgiParams, ConnectionVariables) {
    const auto params = params_for(request("GET", "/"));
    EXPECT_EQ(find(params, "REMOTE_ADDR"), "203.0.113.7");
    EXPECT_EQ(find(params, "REMOTE_PORT"), "51234");
    EXPECT_EQ(find(params, "SERVER_ADDR"), "10.0.0.5");
    EXPECT_EQ(find(params, "SERVER_PORT"), "8080");
    EXPECT_EQ(find(params, "REQUEST_SCHEME"), "http");
    EXPECT_EQ(find(params, "HTTPS"), std::nullopt);
}

TEST(CgiParams, HttpsConnection) {
    ConnectionInfo info = connection();
    info.https = true;
    const auto params = params_for(request("GET", "/"), info);
    EXPECT_EQ(find(params, "REQUEST_SCHEME"), "https");
    EXPECT_EQ(find(params, "HTTPS"), "on");
}

TEST(CgiParams, ServerNameFromHostWithoutPort) {
    const auto params = params_for(request("GET", "/", {{"Host", "example.com"}}));
    EXPECT_EQ(find(params, "SERVER_NAME"), "example.com");
    EXPECT_EQ(find(params, "HTTP_HOST"), "example.com");
}

TEST(CgiParams, ServerNameDropsThePortOfHost) {
    const auto params = params_for(request("GET", "/", {{"Host", "example.com:8443"}}));
    EXPECT_EQ(find(params, "SERVER_NAME"), "example.com");
    EXPECT_EQ(find(params, "HTTP_HOST"), "example.com:8443");
}

TEST(CgiParams, ServerNameKeepsIpv6BracketsAndDropsThePort) {
    const auto params = params_for(request("GET", "/", {{"Host", "[::1]:8080"}}));
    EXPECT_EQ(find(params, "SERVER_NAME"), "[::1]");
    const auto without_port = params_for(request("GET", "/", {{"Host", "[2001:db8::1]"}}));
    EXPECT_EQ(find(without_port, "SERVER_NAME"), "[2001:db8::1]");
}

TEST(CgiParams, ServerNameFallsBackToServerAddrWithoutHost) {
    const auto params = params_for(request("GET", "/"));
    EXPECT_EQ(find(params, "SERVER_NAME"), "10.0.0.5");
    EXPECT_EQ(find(params, "HTTP_HOST"), std::nullopt);
    const auto empty_host = params_for(request("GET", "/", {{"Host", ""}}));
    EXPECT_EQ(find(empty_host, "SERVER_NAME"), "10.0.0.5");
}

TEST(CgiParams, HostHeaderNameIsCaseInsensitive) {
    const auto params = params_for(request("GET", "/", {{"hOsT", "example.org"}}));
    EXPECT_EQ(find(params, "SERVER_NAME"), "example.org");
}

TEST(CgiParams, ServerProtocolFollowsTheRequestVersion) {
    auto head = request("GET", "/");
    head.version_major = 1;
    head.version_minor = 0;
    EXPECT_EQ(find(params_for(head), "SERVER_PROTOCOL"), "HTTP/1.0");
    head.version_minor = 1;
    EXPECT_EQ(find(params_for(head), "SERVER_PROTOCOL"), "HTTP/1.1");
}

TEST(CgiParams, ContentTypeAndLength) {
    auto head = request("POST", "/upload", {{"Content-Type", "application/json"}, {"Content-Length", "17"}});
    head.content_length = 17;
    const auto params = params_for(head);
    EXPECT_EQ(find(params, "CONTENT_TYPE"), "application/json");
    EXPECT_EQ(find(params, "CONTENT_LENGTH"), "17");
}

TEST(CgiParams, ZeroContentLengthIsStillReported) {
    auto head = request("POST", "/", {{"Content-Length", "0"}});
    head.content_length = 0;
    EXPECT_EQ(find(params_for(head), "CONTENT_LENGTH"), "0");
}

TEST(CgiParams, NoContentVariablesWithoutBodyHeaders) {
    const auto params = params_for(request("GET", "/"));
    EXPECT_EQ(find(params, "CONTENT_TYPE"), std::nullopt);
    EXPECT_EQ(find(params, "CONTENT_LENGTH"), std::nullopt);
}

TEST(CgiParams, ChunkedRequestHasNoContentLength) {
    auto head = request("POST", "/", {{"Transfer-Encoding", "chunked"}});
    head.chunked = true;
    const auto params = params_for(head);
    EXPECT_EQ(find(params, "CONTENT_LENGTH"), std::nullopt);
    EXPECT_EQ(find(params, "HTTP_TRANSFER_ENCODING"), "chunked");
}

TEST(CgiParams, HeaderNamesBecomeUpperCaseWithUnderscores) {
    const auto params = params_for(request("GET", "/", {{"X-Forwarded-For", "198.51.100.1"},
                                                          {"accept-language", "fr-CH"},
                                                          {"User-Agent", "curl/7.88"}}));
    EXPECT_EQ(find(params, "HTTP_X_FORWARDED_FOR"), "198.51.100.1");
    EXPECT_EQ(find(params, "HTTP_ACCEPT_LANGUAGE"), "fr-CH");
    EXPECT_EQ(find(params, "HTTP_USER_AGENT"), "curl/7.88");
}

TEST(CgiParams, RepeatedHeadersAreJoinedWithComma) {
    const auto params =
        params_for(request("GET", "/", {{"Accept", "text/html"}, {"X-Other", "1"}, {"accept", "application/json"}}));
    EXPECT_EQ(find(params, "HTTP_ACCEPT"), "text/html, application/json");
    EXPECT_EQ(find(params, "HTTP_X_OTHER"), "1");
}

TEST(CgiParams, RepeatedCookiesAreJoinedWithSemicolon) {
    const auto params = params_for(request("GET", "/", {{"Cookie", "a=1"}, {"Cookie", "b=2"}, {"cookie", "c=3"}}));
    EXPECT_EQ(find(params, "HTTP_COOKIE"), "a=1; b=2; c=3");
}

TEST(CgiParams, HeadersWithUnderscoreAreDropped) {
    const auto params = params_for(request("GET", "/", {{"X_Forwarded_For", "evil"}, {"X-Forwarded-For", "good"}}));
    EXPECT_EQ(find(params, "HTTP_X_FORWARDED_FOR"), "good");
}

TEST(CgiParams, ProxyHeaderIsDropped) {
    const auto params = params_for(request("GET", "/", {{"Proxy", "http://evil:3128"}, {"PROXY", "x"}}));
    EXPECT_EQ(find(params, "HTTP_PROXY"), std::nullopt);
}

TEST(CgiParams, HeadersCannotOverrideServerVariables) {
    // A header named like a CGI variable still gets the HTTP_ prefix.
    const auto params = params_for(request("GET", "/", {{"Remote-Addr", "1.2.3.4"}}));
    EXPECT_EQ(find(params, "REMOTE_ADDR"), "203.0.113.7");
    EXPECT_EQ(find(params, "HTTP_REMOTE_ADDR"), "1.2.3.4");
}

TEST(HeaderVariableName, Mapping) {
    EXPECT_EQ(header_variable_name("Content-Type"), "HTTP_CONTENT_TYPE");
    EXPECT_EQ(header_variable_name("x-a-b"), "HTTP_X_A_B");
    EXPECT_EQ(header_variable_name("DNT"), "HTTP_DNT");
    EXPECT_EQ(header_variable_name("X_Underscore"), "");
    EXPECT_EQ(header_variable_name("proxy"), "");
    EXPECT_EQ(header_variable_name("Proxy-Authorization"), "HTTP_PROXY_AUTHORIZATION");
}

}  // namespace
}  // namespace runtime::cgi
