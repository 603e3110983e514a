#include "runtime/http/early_hints.hpp"

#include <gtest/gtest.h>

namespace runtime::http {
namespace {

TEST(EarlyHints, SerializesAnInterimHead) {
    auto head = serialize_early_hints({{"Link", "</a.css>; rel=preload; as=style"}, {"Link", "</b.js>; rel=preload"}});
    ASSERT_TRUE(head);
    EXPECT_EQ(
        *head,
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload; as=style\r\nLink: </b.js>; rel=preload\r\n\r\n");
}

TEST(EarlyHints, RefusesWhatWouldSplitTheHead) {
    EXPECT_FALSE(serialize_early_hints({}));
    EXPECT_FALSE(serialize_early_hints({{"Link", "</a>\r\nSet-Cookie: x=1"}}));
    EXPECT_FALSE(serialize_early_hints({{"Bad Name", "x"}}));
    EXPECT_FALSE(serialize_early_hints({{"", "x"}}));
}

}  // namespace
}  // namespace runtime::http
