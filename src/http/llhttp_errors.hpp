#pragma once
// Maps llhttp error codes to the HTTP status we answer with before closing the connection.
#include <llhttp.h>

#include "runtime/http/request_parser.hpp"

namespace runtime::http {

// `reason` is llhttp's own description (may be null); it becomes ParseError::reason.
ParseError parse_error_from_llhttp(llhttp_errno_t code, const char* reason);

}  // namespace runtime::http
