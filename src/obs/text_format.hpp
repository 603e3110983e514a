#pragma once
// Small formatting pieces shared by the status pages and the access log (internal to obs).
#include <ctime>
#include <string>
#include <string_view>

namespace runtime::obs::detail {

// "26/Nov/2026:14:43:42 +0000" in local time: nginx's $time_local and php-fpm's start time.
std::string common_log_time(std::time_t time);

// A JSON string literal, quotes included.
std::string json_quoted(std::string_view text);

}  // namespace runtime::obs::detail
