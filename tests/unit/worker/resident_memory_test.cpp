#include "resident_memory.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace runtime::worker {
namespace {

TEST(StatmResident, ReadsTheSecondFieldInPages) {
    EXPECT_EQ(parse_statm_resident("61234 2048 512 300 0 4000 0\n", 4096), 2048u * 4096u);
}

TEST(StatmResident, MalformedTextIsUnknown) {
    EXPECT_EQ(parse_statm_resident("", 4096), 0u);
    EXPECT_EQ(parse_statm_resident("61234", 4096), 0u);
    EXPECT_EQ(parse_statm_resident("61234 x", 4096), 0u);
}

TEST(CurrentRss, GrowsWhenMemoryIsTouchedAndRepeatsOnTheKeptDescriptor) {
    const std::uint64_t before = current_rss_bytes();
    ASSERT_GT(before, 0u);
    std::vector<char> block(64u << 20, 1);  // 64 MiB, written, so resident
    const std::uint64_t after = current_rss_bytes();
    EXPECT_GT(after, before + (32u << 20));
    EXPECT_GT(block[block.size() - 1], 0);
}

TEST(CurrentRss, AForkedChildReportsItsOwnProcess) {
    // mmap, not the heap: a sanitizer's allocator keeps freed heap blocks resident.
    constexpr std::size_t size = 64u << 20;
    void* block = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(block, MAP_FAILED);
    std::memset(block, 1, size);
    const std::uint64_t parent = current_rss_bytes();
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The child shares the parent's pages until it writes them, so its RSS only drops
        // once it releases the block: an inherited descriptor would still show the parent's.
        ::munmap(block, size);
        const std::uint64_t own = current_rss_bytes();
        ::_exit(own > 0 && own + (32u << 20) < parent ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ::munmap(block, size);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace runtime::worker
