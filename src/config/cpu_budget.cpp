#include "runtime/config/cpu_budget.hpp"

#include <sched.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace runtime::config {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::optional<long long> whole_number(std::string_view text) {
    text = trimmed(text);
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> limit(std::optional<long long> quota, std::optional<long long> period) {
    if (!quota || !period || *quota <= 0 || *period <= 0) return std::nullopt;
    return static_cast<double>(*quota) / static_cast<double>(*period);
}

std::optional<std::string> file_text(const std::filesystem::path& path) {
    std::ifstream stream(path);
    if (!stream) return std::nullopt;
    std::ostringstream contents;
    contents << stream.rdbuf();
    return contents.str();
}

unsigned affinity_cpus() {
    // Sized for hosts beyond CPU_SETSIZE (1024 CPUs).
    const unsigned possible = std::max(1024u, std::thread::hardware_concurrency());
    cpu_set_t* set = CPU_ALLOC(possible);
    if (set == nullptr) return std::max(1u, std::thread::hardware_concurrency());
    const size_t size = CPU_ALLOC_SIZE(possible);
    CPU_ZERO_S(size, set);
    unsigned count = 0;
    if (::sched_getaffinity(0, size, set) == 0) count = static_cast<unsigned>(CPU_COUNT_S(size, set));
    CPU_FREE(set);
    return count != 0 ? count : std::max(1u, std::thread::hardware_concurrency());
}

struct Quota {
    std::optional<double> cpus;
    std::string source;
};

void keep_tighter(Quota& best, std::optional<double> cpus, const std::filesystem::path& file) {
    if (cpus && (!best.cpus || *cpus < *best.cpus)) best = Quota{cpus, file.string()};
}

// The cgroup directory and each ancestor up to the mount point; a container sees its own cgroup as "/".
std::vector<std::filesystem::path> self_and_ancestors(const std::filesystem::path& mount, const std::string& path) {
    std::vector<std::filesystem::path> directories;
    std::filesystem::path relative = std::filesystem::path(path).relative_path();
    while (true) {
        directories.push_back(mount / relative);
        if (relative.empty()) break;
        relative = relative.parent_path();
    }
    return directories;
}

Quota cgroup_quota() {
    Quota best;
    const auto proc = file_text("/proc/self/cgroup");
    if (!proc) return best;
    const CgroupPaths paths = parse_proc_self_cgroup(*proc);
    if (paths.unified) {
        for (const auto& directory : self_and_ancestors("/sys/fs/cgroup", *paths.unified)) {
            const auto file = directory / "cpu.max";
            if (const auto text = file_text(file)) keep_tighter(best, cgroup_v2_cpu_limit(*text), file);
        }
    }
    if (paths.cpu_v1) {
        for (const char* mount : {"/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"}) {
            for (const auto& directory : self_and_ancestors(mount, *paths.cpu_v1)) {
                const auto quota = file_text(directory / "cpu.cfs_quota_us");
                const auto period = file_text(directory / "cpu.cfs_period_us");
                if (quota && period) keep_tighter(best, cgroup_v1_cpu_limit(*quota, *period), directory / "cpu.cfs_quota_us");
            }
        }
    }
    return best;
}

}  // namespace

std::optional<double> cgroup_v2_cpu_limit(std::string_view cpu_max) {
    cpu_max = trimmed(cpu_max);
    const size_t space = cpu_max.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view quota = cpu_max.substr(0, space);
    if (quota == "max") return std::nullopt;
    return limit(whole_number(quota), whole_number(cpu_max.substr(space + 1)));
}

std::optional<double> cgroup_v1_cpu_limit(std::string_view cfs_quota_us, std::string_view cfs_period_us) {
    return limit(whole_number(cfs_quota_us), whole_number(cfs_period_us));
}

CgroupPaths parse_proc_self_cgroup(std::string_view text) {
    CgroupPaths paths;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        // hierarchy-id:controller-list:path
        const size_t first = line.find(':');
        const size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) continue;
        const std::string_view id = line.substr(0, first);
        const std::string_view controllers = line.substr(first + 1, second - first - 1);
        const std::string path(line.substr(second + 1));
        if (id == "0" && controllers.empty()) {
            paths.unified = path;
            continue;
        }
        std::string_view rest = controllers;
        while (!rest.empty()) {
            const size_t comma = rest.find(',');
            if (rest.substr(0, comma) == "cpu") paths.cpu_v1 = path;
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    return paths;
}

CpuBudget cpu_budget(unsigned affinity_cpus, std::optional<double> quota_cpus, std::string_view quota_source) {
    const unsigned affinity = std::max(1u, affinity_cpus);
    std::string reason = std::to_string(affinity) + (affinity == 1 ? " CPU" : " CPUs") + " in the affinity mask";
    if (!quota_cpus) return CpuBudget{affinity, reason + ", no cgroup CPU quota"};
    const double rounded = std::ceil(*quota_cpus - 1e-9);  // 200000/100000 is exactly 2, not 3
    const unsigned by_quota = rounded < 1.0 ? 1u : rounded > affinity ? affinity : static_cast<unsigned>(rounded);
    char quota_text[32];
    std::snprintf(quota_text, sizeof quota_text, "%.2f", *quota_cpus);
    reason += ", cgroup CPU quota " + std::string(quota_text) + " CPUs (" + std::string(quota_source) + ")";
    return CpuBudget{std::min(affinity, by_quota), reason};
}

CpuBudget detect_cpu_budget() {
    const Quota quota = cgroup_quota();
    return cpu_budget(affinity_cpus(), quota.cpus, quota.source);
}

}  // namespace runtime::config
