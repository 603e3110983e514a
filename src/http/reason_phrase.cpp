#include <algorithm>
#include <array>
#include <string_view>

#include "runtime/http/response_head.hpp"

namespace runtime::http {
namespace {

struct StatusReason {
    int status;
    std::string_view reason;
};

// IANA HTTP Status Code Registry (permanent registrations), sorted by status.
constexpr std::array kReasons{
    StatusReason{100, "Continue"},
    StatusReason{101, "Switching Protocols"},
    StatusReason{102, "Processing"},
    StatusReason{103, "Early Hints"},
    StatusReason{200, "OK"},
    StatusReason{201, "Created"},
    StatusReason{202, "Accepted"},
    StatusReason{203, "Non-Authoritative Information"},
    StatusReason{204, "No Content"},
    StatusReason{205, "Reset Content"},
    StatusReason{206, "Partial Content"},
    StatusReason{207, "Multi-Status"},
    StatusReason{208, "Already Reported"},
    StatusReason{226, "IM Used"},
    StatusReason{300, "Multiple Choices"},
    StatusReason{301, "Moved Permanently"},
    StatusReason{302, "Found"},
    StatusReason{303, "See Other"},
    StatusReason{304, "Not Modified"},
    StatusReason{305, "Use Proxy"},
    StatusReason{306, "Unused"},
    StatusReason{307, "Temporary Redirect"},
    StatusReason{308, "Permanent Redirect"},
    StatusReason{400, "Bad Request"},
    StatusReason{401, "Unauthorized"},
    StatusReason{402, "Payment Required"},
    StatusReason{403, "Forbidden"},
    StatusReason{404, "Not Found"},
    StatusReason{405, "Method Not Allowed"},
    StatusReason{406, "Not Acceptable"},
    StatusReason{407, "Proxy Authentication Required"},
    StatusReason{408, "Request Timeout"},
    StatusReason{409, "Conflict"},
    StatusReason{410, "Gone"},
    StatusReason{411, "Length Required"},
    StatusReason{412, "Precondition Failed"},
    StatusReason{413, "Content Too Large"},
    StatusReason{414, "URI Too Long"},
    StatusReason{415, "Unsupported Media Type"},
    StatusReason{416, "Range Not Satisfiable"},
    StatusReason{417, "Expectation Failed"},
    StatusReason{418, "I'm a teapot"},  // registered as "(Unused)"; applications still send it
    StatusReason{421, "Misdirected Request"},
    StatusReason{422, "Unprocessable Content"},
    StatusReason{423, "Locked"},
    StatusReason{424, "Failed Dependency"},
    StatusReason{425, "Too Early"},
    StatusReason{426, "Upgrade Required"},
    StatusReason{428, "Precondition Required"},
    StatusReason{429, "Too Many Requests"},
    StatusReason{431, "Request Header Fields Too Large"},
    StatusReason{451, "Unavailable For Legal Reasons"},
    StatusReason{500, "Internal Server Error"},
    StatusReason{501, "Not Implemented"},
    StatusReason{502, "Bad Gateway"},
    StatusReason{503, "Service Unavailable"},
    StatusReason{504, "Gateway Timeout"},
    StatusReason{505, "HTTP Version Not Supported"},
    StatusReason{506, "Variant Also Negotiates"},
    StatusReason{507, "Insufficient Storage"},
    StatusReason{508, "Loop Detected"},
    StatusReason{510, "Not Extended"},
    StatusReason{511, "Network Authentication Required"},
};

static_assert(std::is_sorted(kReasons.begin(), kReasons.end(),
                             [](const StatusReason& a, const StatusReason& b) { return a.status < b.status; }));

}  // namespace

std::string_view reason_phrase(int status) {
    const auto* it = std::lower_bound(kReasons.begin(), kReasons.end(), status,
                                      [](const StatusReason& entry, int value) { return entry.status < value; });
    return it != kReasons.end() && it->status == status ? it->reason : std::string_view("Unknown");
}

}  // namespace runtime::http
