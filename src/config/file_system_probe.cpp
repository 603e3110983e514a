#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "validate.hpp"

namespace runtime::config::detail {

FileSystemProbe real_file_system() {
    return FileSystemProbe{
        .is_readable_file =
            [](const std::string& path) {
                std::error_code error;
                return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), R_OK) == 0;
            },
        .is_directory =
            [](const std::string& path) {
                std::error_code error;
                return std::filesystem::is_directory(path, error);
            },
    };
}

}  // namespace runtime::config::detail
