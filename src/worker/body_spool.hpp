#pragma once
// Holds one request body inside the worker: in memory up to a threshold, then in an unlinked
// temp file (like nginx's client_body_temp), so the master never buffers bodies and PHP reads
// them at its own pace without the two sides blocking each other.
#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/common/result.hpp"
#include "runtime/common/unique_fd.hpp"

namespace runtime::worker {

class BodySpool {
public:
    explicit BodySpool(std::size_t memory_limit = 1024 * 1024) : memory_limit_(memory_limit) {}

    Result<bool> append(std::string_view bytes);
    // Reads the next bytes for PHP; 0 at the end of the body.
    std::size_t read(char* out, std::size_t len);
    void clear();
    std::size_t size() const { return size_; }

private:
    std::size_t memory_limit_;
    std::string memory_;
    UniqueFd file_;
    std::size_t size_ = 0;
    std::size_t read_pos_ = 0;
};

}  // namespace runtime::worker
