#include "runtime/http/request_parser.hpp"

#include <algorithm>

#include "header_text.hpp"
#include "llhttp_errors.hpp"
#include "request_parser_impl.hpp"
#include "runtime/http/request_target.hpp"

namespace runtime::http {

std::optional<std::string_view> RequestHead::find(std::string_view name) const {
    for (const auto& header : headers) {
        if (text::iequals(header.name, name)) {
            return std::string_view(header.value);
        }
    }
    return std::nullopt;
}

void RequestParser::Impl::start_message() {
    head = RequestHead{};
    field_name.clear();
    field_value.clear();
    request_line_bytes = 0;
    header_bytes = 0;
    header_count = 0;
    raw_head_bytes = 0;
    chunked_body_bytes = 0;
    chunk_extension_bytes = 0;
    host_headers = 0;
    unsupported_coding = false;
    head_ends_with_lf = false;
}

// Records our own error and makes llhttp stop with a (non-pause) callback error.
RequestParser::Event RequestParser::Impl::feed(std::string_view input) {
    if (phase == Phase::failed) {
        return Event{EventKind::error, 0, {}};
    }
    if (phase == Phase::complete) {
        start_message();
        phase = Phase::idle;
        method_probe.clear();
    }
    note_request_start(input);
    pending = EventKind::need_more;
    pending_body = {};

    // llhttp only sees the bytes before a folded line; if it takes them all without ending the
    // head, the fold is the first error in the stream.
    const std::optional<std::size_t> fold = head_pending() ? find_obs_fold(input) : std::nullopt;
    if (fold) {
        input = input.substr(0, *fold);
    }

    // llhttp reports positions relative to `data`; keep it non-null for empty input.
    const char* data = input.data() != nullptr ? input.data() : "";
    const llhttp_errno_t rc = llhttp_execute(&parser, data, input.size());

    if (rc == HPE_OK) {
        if (in_head() && check_raw_head(input) != 0) {
            return Event{EventKind::error, input.size(), {}};
        }
        if (fold) {
            fail(400, "obsolete line folding");
            return Event{EventKind::error, input.size(), {}};
        }
        return Event{EventKind::need_more, input.size(), {}};
    }

    const char* position = llhttp_get_error_pos(&parser);
    const std::size_t consumed =
        position != nullptr && position >= data
            ? std::min(static_cast<std::size_t>(position - data), input.size())
            : 0;

    if (rc == HPE_PAUSED) {
        llhttp_resume(&parser);
        if (pending == EventKind::head && check_raw_head(input.substr(0, consumed)) != 0) {
            return Event{EventKind::error, consumed, {}};
        }
        return Event{pending, consumed, pending_body};
    }

    if (phase != Phase::failed) {
        error = parse_error_from_llhttp(rc, llhttp_get_error_reason(&parser));
        if (rc == HPE_INVALID_METHOD) {
            error.status = status_for_unrecognized_method(method_probe);
            if (error.status == 400) error.reason = "not an HTTP request line";
        }
        phase = Phase::failed;
    }
    return Event{EventKind::error, consumed, {}};
}

void RequestParser::Impl::note_request_start(std::string_view input) {
    if ((phase != Phase::idle && phase != Phase::request_line) || method_probe.size() >= kMethodProbeBytes) return;
    method_probe.append(input.substr(0, kMethodProbeBytes - method_probe.size()));
}

RequestParser::Event RequestParser::Impl::finish() {
    switch (phase) {
        case Phase::idle:
        case Phase::complete:
            return Event{EventKind::need_more, 0, {}};
        case Phase::failed:
            return Event{EventKind::error, 0, {}};
        case Phase::request_line:
        case Phase::headers:
        case Phase::body:
        case Phase::trailers:
            break;
    }
    fail(400, "connection closed before the request was complete");
    return Event{EventKind::error, 0, {}};
}

RequestParser::RequestParser(ParserLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

RequestParser::~RequestParser() = default;

RequestParser::Event RequestParser::feed(std::string_view input) { return impl_->feed(input); }

RequestParser::Event RequestParser::finish() { return impl_->finish(); }

const RequestHead& RequestParser::head() const { return impl_->head; }

const ParseError& RequestParser::error() const { return impl_->error; }

bool RequestParser::in_message() const {
    return impl_->phase == Impl::Phase::body || impl_->phase == Impl::Phase::trailers;
}

}  // namespace runtime::http
