#pragma once
// Shared test helpers: a fixed time origin (the policy engine never reads the clock itself)
// and the name generator of the table-driven suites.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "runtime/policy/worker_snapshot.hpp"

namespace runtime::policy::test {

using namespace std::chrono_literals;

inline const TimePoint t0 = TimePoint{} + std::chrono::hours(1000);

inline TimePoint at(Clock::duration offset) { return t0 + offset; }

// Names each parameterized case after its `name` field.
struct CaseName {
    template <typename Case>
    std::string operator()(const ::testing::TestParamInfo<Case>& param_info) const {
        return std::string(param_info.param.name);
    }
};

}  // namespace runtime::policy::test
