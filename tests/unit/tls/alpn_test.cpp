#include "runtime/tls/alpn.hpp"

#include <gtest/gtest.h>

namespace runtime::tls {
namespace {

using namespace std::string_literals;

const std::vector<std::string> h2_first{"h2", "http/1.1"};

TEST(SelectAlpn, ServerPreferenceWins) {
    EXPECT_EQ(select_alpn(h2_first, "\x08http/1.1\x02h2"s), "h2");
    EXPECT_EQ(select_alpn({"http/1.1"}, "\x02h2\x08http/1.1"s), "http/1.1");
}

TEST(SelectAlpn, TheChoicePointsIntoTheClientList) {
    const std::string wire = "\x02h2"s;
    const auto chosen = select_alpn(h2_first, wire);
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->data(), wire.data() + 1);
}

TEST(SelectAlpn, NothingInCommonOrNothingOffered) {
    EXPECT_FALSE(select_alpn(h2_first, "\x06spdy/3\x03h2c"s));
    EXPECT_FALSE(select_alpn(h2_first, ""));
}

TEST(SelectAlpn, MalformedListsOfferNothingPastTheFault) {
    EXPECT_FALSE(select_alpn(h2_first, "\x09http/1.1"s));            // length beyond the list
    EXPECT_FALSE(select_alpn(h2_first, "\x00\x02h2"s));              // empty name
    EXPECT_EQ(select_alpn(h2_first, "\x02h2\x20truncated"s), "h2");  // fault after a good name
}

}  // namespace
}  // namespace runtime::tls
