#include <gtest/gtest.h>

#include "runtime/config/cpu_budget.hpp"

namespace runtime::config {
namespace {

TEST(CgroupV2CpuMax, MaxMeansNoLimit) {
    EXPECT_FALSE(cgroup_v2_cpu_limit("max 100000\n").has_value());
}

TEST(CgroupV2CpuMax, QuotaOverPeriod) {
    EXPECT_DOUBLE_EQ(cgroup_v2_cpu_limit("150000 100000\n").value(), 1.5);
    EXPECT_DOUBLE_EQ(cgroup_v2_cpu_limit("100000 100000").value(), 1.0);
    EXPECT_DOUBLE_EQ(cgroup_v2_cpu_limit("50000 100000\n").value(), 0.5);
}

TEST(CgroupV2CpuMax, MalformedTextIsNoLimit) {
    for (const char* text : {"", "max", "abc 100000", "100000 0", "100000 x", "-5 100000"}) {
        EXPECT_FALSE(cgroup_v2_cpu_limit(text).has_value()) << text;
    }
}

TEST(CgroupV1Cfs, MinusOneMeansNoLimit) {
    EXPECT_FALSE(cgroup_v1_cpu_limit("-1\n", "100000\n").has_value());
}

TEST(CgroupV1Cfs, QuotaOverPeriod) {
    EXPECT_DOUBLE_EQ(cgroup_v1_cpu_limit("200000\n", "100000\n").value(), 2.0);
    EXPECT_FALSE(cgroup_v1_cpu_limit("200000\n", "").has_value());
}

TEST(ProcSelfCgroup, UnifiedHierarchy) {
    const CgroupPaths paths = parse_proc_self_cgroup("0::/system.slice/app.service\n");
    EXPECT_EQ(paths.unified.value(), "/system.slice/app.service");
    EXPECT_FALSE(paths.cpu_v1.has_value());
}

TEST(ProcSelfCgroup, LegacyHierarchiesFindTheCpuController) {
    const CgroupPaths paths = parse_proc_self_cgroup(
        "12:pids:/docker/abc\n"
        "4:cpu,cpuacct:/docker/abc\n"
        "3:cpuset:/docker/abc\n"
        "1:name=systemd:/docker/abc\n"
        "0::/docker/abc\n");
    EXPECT_EQ(paths.cpu_v1.value(), "/docker/abc");
    EXPECT_EQ(paths.unified.value(), "/docker/abc");
}

TEST(ProcSelfCgroup, CpusetAloneIsNotTheCpuController) {
    EXPECT_FALSE(parse_proc_self_cgroup("3:cpuset:/x\n").cpu_v1.has_value());
}

TEST(CpuBudget, AffinityAloneWithoutQuota) {
    const CpuBudget budget = cpu_budget(4, std::nullopt, "");
    EXPECT_EQ(budget.cpus, 4u);
    EXPECT_NE(budget.reason.find("4 CPUs in the affinity mask"), std::string::npos) << budget.reason;
    EXPECT_NE(budget.reason.find("no cgroup CPU quota"), std::string::npos) << budget.reason;
}

TEST(CpuBudget, QuotaIsRoundedUp) {
    EXPECT_EQ(cpu_budget(64, 1.5, "cpu.max").cpus, 2u);
    EXPECT_EQ(cpu_budget(64, 2.0, "cpu.max").cpus, 2u);
    EXPECT_EQ(cpu_budget(64, 1.0, "cpu.max").cpus, 1u);
}

TEST(CpuBudget, SmallQuotaStillGivesOne) {
    EXPECT_EQ(cpu_budget(64, 0.1, "cpu.max").cpus, 1u);
}

TEST(CpuBudget, AffinityCapsAGenerousQuota) {
    const CpuBudget budget = cpu_budget(1, 8.0, "/sys/fs/cgroup/cpu.max");
    EXPECT_EQ(budget.cpus, 1u);
    EXPECT_NE(budget.reason.find("8.00 CPUs (/sys/fs/cgroup/cpu.max)"), std::string::npos) << budget.reason;
}

TEST(CpuBudget, NeverZero) {
    EXPECT_EQ(cpu_budget(0, std::nullopt, "").cpus, 1u);
}

TEST(CpuBudget, DetectedOnThisMachineIsAtLeastOne) {
    EXPECT_GE(detect_cpu_budget().cpus, 1u);
}

}  // namespace
}  // namespace runtime::config
