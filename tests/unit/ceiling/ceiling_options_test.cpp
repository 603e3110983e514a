// runtime-ceiling's command line: what bench/benchkit/ceiling.py passes, and bad input refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ceiling_options.hpp"

namespace runtime::bench {
namespace {

Result<CeilingOptions> parse(const std::vector<std::string>& args) {
    const std::vector<std::string_view> views(args.begin(), args.end());
    return parse_ceiling_args(views);
}

std::vector<std::string> required() {
    return {"--bootstrap",     "/srv/php/worker-bootstrap.php",
            "--entry",         "/srv/app/public/index.php",
            "--document-root", "/srv/app/public"};
}

std::vector<std::string> with(std::vector<std::string> extra) {
    auto args = required();
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

TEST(CeilingOptions, TheBenchCommandLine) {
    const auto parsed =
        parse(with({"--uri", "/twig/bench?x=1", "--requests", "25000", "--warmup", "7", "--ini", "opcache.enable_cli=1",
                    "--ini", "memory_limit=256M", "--ini-path", "/etc/php.ini", "--option", "dsn=a=b"}));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->php.bootstrap, "/srv/php/worker-bootstrap.php");
    EXPECT_EQ(parsed->php.entry, "/srv/app/public/index.php");
    EXPECT_EQ(parsed->php.document_root, "/srv/app/public");
    EXPECT_EQ(parsed->uri, "/twig/bench?x=1");
    EXPECT_EQ(parsed->requests, 25000u);
    EXPECT_EQ(parsed->warmup, 7u);
    EXPECT_EQ(parsed->php.ini_entries, "opcache.enable_cli=1\nmemory_limit=256M\n");
    EXPECT_EQ(parsed->php.ini_path, "/etc/php.ini");
    ASSERT_EQ(parsed->php.php_options.size(), 1u);
    EXPECT_EQ(parsed->php.php_options[0], std::make_pair(std::string("dsn"), std::string("a=b")));
    EXPECT_FALSE(parsed->help);
}

TEST(CeilingOptions, DefaultsWhenOnlyRequiredFlagsAreGiven) {
    const auto parsed = parse(required());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->uri, "/");
    EXPECT_EQ(parsed->requests, 10000u);
    EXPECT_EQ(parsed->warmup, 100u);
    EXPECT_TRUE(parsed->php.ini_entries.empty());
}

TEST(CeilingOptions, BootstrapEntryAndDocumentRootAreRequired) {
    for (std::size_t drop = 0; drop < 3; ++drop) {
        auto args = required();
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(2 * drop),
                   args.begin() + static_cast<std::ptrdiff_t>(2 * drop + 2));
        EXPECT_FALSE(parse(args).ok()) << "without " << required()[2 * drop];
    }
}

TEST(CeilingOptions, LoadMustBeNumbers) {
    EXPECT_FALSE(parse(with({"--requests", "many"})).ok());
    EXPECT_FALSE(parse(with({"--requests", "0"})).ok());  // nothing would be timed
    EXPECT_FALSE(parse(with({"--warmup", "-1"})).ok());
    EXPECT_TRUE(parse(with({"--warmup", "0"})).ok());
}

TEST(CeilingOptions, UriIsAPathThatFitsTheJsonReport) {
    EXPECT_FALSE(parse(with({"--uri", "twig"})).ok());
    EXPECT_FALSE(parse(with({"--uri", "/a\"b"})).ok());
    EXPECT_FALSE(parse(with({"--uri", "/a\\b"})).ok());
}

TEST(CeilingOptions, UnknownFlagsAndMissingValuesFail) {
    EXPECT_FALSE(parse(with({"--role", "ceiling"})).ok());
    EXPECT_FALSE(parse(with({"--requests"})).ok());
    EXPECT_FALSE(parse(with({"--option", "name"})).ok());
}

TEST(CeilingOptions, HelpNeedsNothingElse) {
    const auto parsed = parse({"--help"});
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->help);
    EXPECT_NE(std::string(ceiling_usage()).find("--document-root"), std::string::npos);
}

}  // namespace
}  // namespace runtime::bench
