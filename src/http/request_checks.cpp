#include <optional>
#include <utility>

#include "header_text.hpp"
#include "request_parser_impl.hpp"
#include "runtime/http/request_target.hpp"

namespace runtime::http {

int RequestParser::Impl::fail(int status, std::string reason) {
    error = ParseError{status, std::move(reason)};
    phase = Phase::failed;
    return -1;
}

int RequestParser::Impl::add_request_line_bytes(std::size_t length) {
    request_line_bytes += length;
    if (request_line_bytes + kRequestLineOverhead > limits.max_request_line) {
        return fail(414, "request line too long");
    }
    return 0;
}

int RequestParser::Impl::add_header_bytes(std::size_t length) {
    header_bytes += length;
    if (header_bytes > limits.max_header_bytes) {
        return fail(431, phase == Phase::trailers ? "trailer section too large" : "header section too large");
    }
    return 0;
}

// RFC 9112 5.2: obsolete line folding (a line starting with SP/HTAB) must be rejected; llhttp
// would silently join the lines, and an intermediary may not. feed() stops llhttp at the fold, so
// errors earlier in the stream win however the bytes were split.
std::optional<std::size_t> RequestParser::Impl::find_obs_fold(std::string_view bytes) const {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const bool after_lf = i == 0 ? head_ends_with_lf : bytes[i - 1] == '\n';
        if (after_lf && (bytes[i] == ' ' || bytes[i] == '\t')) {
            return i;
        }
    }
    return std::nullopt;
}

// Size check on the raw bytes of the head that llhttp does not make. `bytes` is the part of the
// head consumed by this feed() call.
int RequestParser::Impl::check_raw_head(std::string_view bytes) {
    if (!bytes.empty()) {
        head_ends_with_lf = bytes.back() == '\n';
    }
    // Spans do not see whitespace llhttp skips (e.g. before a field value); this bounds it too.
    raw_head_bytes += bytes.size();
    if (raw_head_bytes <= limits.max_request_line + limits.max_header_bytes) {
        return 0;
    }
    if (phase == Phase::request_line || phase == Phase::idle) {
        return fail(414, "request line too long");
    }
    return fail(431, "header section too large");
}

// llhttp only checks that chunked comes last (and at most once); we also refuse codings we cannot
// decode, such as the gzip in "gzip, chunked".
void RequestParser::Impl::note_transfer_codings(std::string_view value) {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        const std::string_view coding = text::trim_ows(value.substr(0, comma));
        if (!coding.empty() && !text::iequals(coding, "chunked")) {
            unsupported_coding = true;
        }
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
}

void RequestParser::Impl::store_header() {
    const std::string_view value = text::trim_ows(field_value);
    if (text::iequals(field_name, "Host")) {
        ++host_headers;
    } else if (text::iequals(field_name, "Transfer-Encoding")) {
        note_transfer_codings(value);
    } else if (text::iequals(field_name, "Expect") && text::iequals(value, "100-continue")) {
        head.expect_continue = true;
    }
    head.headers.push_back(Header{std::move(field_name), std::string(value)});
    field_name.clear();
    field_value.clear();
}

// Checks made once the whole head is known; llhttp has already validated syntax and framing headers.
int RequestParser::Impl::validate_head() {
    if (parser.http_major != 1 || parser.http_minor > 1) {
        return fail(505, "unsupported HTTP version");
    }
    if (parser.method == HTTP_CONNECT) {
        return fail(501, "CONNECT is not supported");
    }
    if (parser.upgrade != 0) {
        return fail(501, "protocol upgrade is not supported");
    }
    // RFC 9112 6.3: both framings at once is the classic smuggling vector; never guess.
    if ((parser.flags & F_TRANSFER_ENCODING) != 0 && (parser.flags & F_CONTENT_LENGTH) != 0) {
        return fail(400, "Content-Length together with Transfer-Encoding");
    }
    if (unsupported_coding || ((parser.flags & F_TRANSFER_ENCODING) != 0 && (parser.flags & F_CHUNKED) == 0)) {
        return fail(501, "unsupported Transfer-Encoding (only chunked is accepted)");
    }
    // RFC 9112 3.2: exactly one Host in HTTP/1.1; several are a request-smuggling vector at any version.
    if (host_headers > 1) {
        return fail(400, "duplicate Host header");
    }
    if (host_headers == 0 && parser.http_minor == 1) {
        return fail(400, "missing Host header");
    }
    if (limits.max_body_bytes != 0 && head.content_length && *head.content_length > limits.max_body_bytes) {
        return fail(413, "request body too large");
    }
    return normalize_target();
}

// RFC 9112 3.2: origin-form is what the rest of the server routes by. An absolute-form target
// names the host itself, which then replaces Host (3.2.2); "*" is only for OPTIONS (3.2.4).
int RequestParser::Impl::normalize_target() {
    if (head.target == "*") {
        return head.method == "OPTIONS" ? 0 : fail(400, "asterisk-form target with a method other than OPTIONS");
    }
    auto absolute = split_absolute_form(head.target);
    if (!absolute) {
        return head.target.empty() || head.target.front() != '/' ? fail(400, "request target not in origin-form")
                                                                 : 0;
    }
    head.target = std::move(absolute->origin_form);
    bool replaced = false;
    for (Header& header : head.headers) {
        if (text::iequals(header.name, "Host")) {
            header.value = absolute->authority;
            replaced = true;
        }
    }
    if (!replaced) head.headers.push_back(Header{"Host", std::move(absolute->authority)});
    return 0;
}

}  // namespace runtime::http
