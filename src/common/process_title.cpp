#include "runtime/common/process_title.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

extern char** environ;

namespace runtime {
namespace {

char* title_start = nullptr;  // argv[0]
size_t title_space = 0;       // bytes from argv[0] to the end of the last contiguous argv/environ string

}  // namespace

void init_process_title(int argc, char** argv) {
    if (argc <= 0 || argv == nullptr || argv[0] == nullptr) return;
    char* end = argv[0] + std::strlen(argv[0]) + 1;
    for (int i = 1; i < argc; ++i) {
        if (argv[i] != end) break;  // only the contiguous block is ours to overwrite
        end = argv[i] + std::strlen(argv[i]) + 1;
    }
    size_t env_count = 0;
    while (environ != nullptr && environ[env_count] != nullptr) ++env_count;
    for (size_t i = 0; i < env_count; ++i) {
        if (environ[i] != end) break;
        end = environ[i] + std::strlen(environ[i]) + 1;
    }
    // The environment strings are about to be overwritten: give getenv() heap copies.
    char** moved = static_cast<char**>(std::malloc((env_count + 1) * sizeof(char*)));
    if (moved == nullptr) return;
    for (size_t i = 0; i < env_count; ++i) moved[i] = ::strdup(environ[i]);
    moved[env_count] = nullptr;
    environ = moved;
    title_start = argv[0];
    title_space = static_cast<size_t>(end - argv[0]);
}

void set_process_title(std::string_view title, std::string_view comm) {
    if (!comm.empty()) ::prctl(PR_SET_NAME, std::string(comm.substr(0, 15)).c_str(), 0, 0, 0);
    if (title_start == nullptr || title_space < 2) return;
    const size_t length = std::min(title.size(), title_space - 1);
    std::memcpy(title_start, title.data(), length);
    // Zero the rest so ps shows no leftover arguments.
    std::memset(title_start + length, 0, title_space - length);
}

}  // namespace runtime
