#pragma once
// Process titles as php-fpm and nginx set them: what `ps -o args` and /proc/PID/cmdline show.
#include <string_view>

namespace runtime {

// Call first in main: moves the environment off the argv/environ block so the title can reuse it.
void init_process_title(int argc, char** argv);

// Writes `title` over the argv block (cut to its size); `comm`, when given, becomes the kernel's
// 15-byte thread name (top, pgrep without -f).
void set_process_title(std::string_view title, std::string_view comm = {});

}  // namespace runtime
