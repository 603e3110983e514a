#include <gtest/gtest.h>

#include "runtime/obs/bounded_labels.hpp"

namespace runtime::obs {
namespace {

TEST(BoundedLabels, KeepsTheFirstValuesThenOther) {
    BoundedLabels labels(2);
    EXPECT_EQ(labels.label_for("home"), "home");
    EXPECT_EQ(labels.label_for("blog_show"), "blog_show");
    EXPECT_EQ(labels.label_for("admin"), "other");
    // Values already admitted stay themselves.
    EXPECT_EQ(labels.label_for("home"), "home");
    EXPECT_EQ(labels.distinct(), 2u);
}

TEST(BoundedLabels, MissingValueIsNone) {
    BoundedLabels labels(1);
    EXPECT_EQ(labels.label_for(std::nullopt), "none");
    EXPECT_EQ(labels.label_for(""), "none");
    EXPECT_EQ(labels.distinct(), 0u);
}

TEST(BoundedLabels, OverlongValueIsOther) {
    BoundedLabels labels(10);
    EXPECT_EQ(labels.label_for(std::string(BoundedLabels::max_value_length + 1, 'r')), "other");
    EXPECT_EQ(labels.distinct(), 0u);
}

}  // namespace
}  // namespace runtime::obs
