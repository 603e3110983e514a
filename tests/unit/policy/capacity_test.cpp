#include "runtime/policy/capacity.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace runtime::policy {
namespace {

struct CapacityCase {
    const char* name;
    PoolSnapshot pool;
    int desired;
    int expected;
};

void PrintTo(const CapacityCase& c, std::ostream* os) { *os << c.name; }

class Capacity : public ::testing::TestWithParam<CapacityCase> {};

TEST_P(Capacity, SpawnsUpToDesiredServingCapacity) {
    EXPECT_EQ(workers_to_spawn(GetParam().pool, GetParam().desired), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Policy, Capacity,
    ::testing::Values(
        CapacityCase{"empty_pool", {}, 4, 4},
        CapacityCase{"full_pool", {.ready = 2, .busy = 2}, 4, 0},
        CapacityCase{"one_missing", {.ready = 1, .busy = 2}, 4, 1},
        CapacityCase{"booting_counts", {.booting = 1, .ready = 3}, 4, 0},
        CapacityCase{"replacement_for_draining_worker", {.ready = 2, .busy = 1, .draining = 1}, 4, 1},
        CapacityCase{"all_draining", {.draining = 4}, 4, 4},
        CapacityCase{"replacement_already_booting", {.booting = 1, .ready = 3, .draining = 1}, 4, 0},
        CapacityCase{"over_capacity", {.ready = 6}, 4, 0},
        CapacityCase{"nothing_desired", {.ready = 1}, 0, 0},
        CapacityCase{"negative_counts_are_zero", {.booting = -3, .ready = 1}, 2, 1},
        CapacityCase{"negative_desired", {}, -1, 0}),
    test::CaseName{});

}  // namespace
}  // namespace runtime::policy
