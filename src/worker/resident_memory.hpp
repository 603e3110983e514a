#pragma once

#include <cstdint>
#include <string_view>

namespace runtime::worker {

// Resident set size of this process in bytes (0 if unknown). Reads /proc/self/statm through
// a descriptor kept open for the process's life: one pread per call instead of
// open + fstat + read + close after every request. A forked child opens its own.
std::uint64_t current_rss_bytes();

// The resident pages field of a statm line ("size resident shared ..."), in bytes; pure.
std::uint64_t parse_statm_resident(std::string_view statm, std::uint64_t page_size);

}  // namespace runtime::worker
