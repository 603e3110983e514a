#pragma once
// How many CPUs this process may really use: the affinity mask, capped by a cgroup CPU quota.
// Drives the default worker count (`pools[].workers: 0`).
#include <optional>
#include <string>
#include <string_view>

namespace runtime::config {

struct CpuBudget {
    unsigned cpus = 1;   // at least 1
    std::string reason;  // for the startup log: "2 CPUs in affinity mask, cgroup v2 cpu.max 1.50 CPUs -> 2"
};

// Pure parsers of the kernel's own file formats; nullopt = no limit (or unreadable text).
// cgroup v2 cpu.max: "max 100000" or "150000 100000" (quota and period in µs).
std::optional<double> cgroup_v2_cpu_limit(std::string_view cpu_max);
// cgroup v1 cpu.cfs_quota_us ("-1" = none) and cpu.cfs_period_us.
std::optional<double> cgroup_v1_cpu_limit(std::string_view cfs_quota_us, std::string_view cfs_period_us);

// Where this process's cgroups live, from /proc/self/cgroup text.
struct CgroupPaths {
    std::optional<std::string> unified;  // v2: line "0::/path"
    std::optional<std::string> cpu_v1;   // v1: the hierarchy whose controllers include "cpu"
};
CgroupPaths parse_proc_self_cgroup(std::string_view text);

// Pure decision: quota rounded up (1.5 CPUs -> 2: a partly used CPU still runs a worker), never above
// the affinity count, never below 1. `quota_source` names the file the quota came from.
CpuBudget cpu_budget(unsigned affinity_cpus, std::optional<double> quota_cpus, std::string_view quota_source);

// Reads sched_getaffinity, /proc/self/cgroup and the cgroup files (v2 first, then v1) along the
// cgroup's ancestors; the tightest quota wins.
CpuBudget detect_cpu_budget();

}  // namespace runtime::config
