#include "runtime/http/request_parser.hpp"

#include <llhttp.h>

#include <algorithm>
#include <utility>

#include "header_text.hpp"
#include "llhttp_errors.hpp"

namespace runtime::http {

std::optional<std::string_view> RequestHead::find(std::string_view name) const {
    for (const auto& header : headers) {
        if (text::iequals(header.name, name)) {
            return std::string_view(header.value);
        }
    }
    return std::nullopt;
}

namespace {

// Bytes of a header line that the name/value spans do not carry: ": " and CRLF.
constexpr std::size_t kHeaderLineOverhead = 4;
// Bytes of the request line that the method/target spans do not carry: " ", " HTTP/1.1", CRLF.
constexpr std::size_t kRequestLineOverhead = 12;
// Chunk extensions are never stored, but a peer must not stream them forever.
constexpr std::size_t kMaxChunkExtensionBytes = 16384;

}  // namespace

struct RequestParser::Impl {
    enum class Phase {
        idle,          // before the first byte of a request
        request_line,  // method, target, version
        headers,
        body,          // head delivered; body (if any) follows
        trailers,      // chunked trailer section: parsed and discarded
        complete,      // message_complete delivered; the next feed() starts a new request
        failed,        // error() is set; every further call repeats it
    };

    explicit Impl(ParserLimits parser_limits) : limits(parser_limits) {
        llhttp_init(&parser, HTTP_REQUEST, &settings());
        parser.data = this;
    }

    Event feed(std::string_view input);
    Event finish();

    ParserLimits limits;
    llhttp_t parser{};
    RequestHead head;
    ParseError error;
    Phase phase = Phase::idle;

    // The event a callback asked for by pausing the parser.
    EventKind pending = EventKind::need_more;
    std::string_view pending_body;

    // Header field being assembled: its spans may arrive over several feed() calls.
    std::string field_name;
    std::string field_value;

    std::size_t request_line_bytes = 0;
    std::size_t header_bytes = 0;     // head, then reset for the trailer section
    std::size_t header_count = 0;     // head, then reset for the trailer section
    std::size_t raw_head_bytes = 0;   // everything consumed while in the head, whitespace included
    std::uint64_t chunked_body_bytes = 0;
    std::size_t chunk_extension_bytes = 0;
    int host_headers = 0;
    bool unsupported_coding = false;  // a transfer coding other than chunked (gzip, deflate, ...)
    bool head_ends_with_lf = false;   // last head byte of the previous feed() was LF

private:
    static const llhttp_settings_t& settings();
    static Impl& of(llhttp_t* p) { return *static_cast<Impl*>(p->data); }

    void start_message();
    int fail(int status, std::string reason);
    bool in_head() const { return phase == Phase::request_line || phase == Phase::headers; }
    int add_request_line_bytes(std::size_t length);
    int add_header_bytes(std::size_t length);
    int add_field_span(std::string& part, const char* at, std::size_t length);
    int check_raw_head(std::string_view bytes);
    void note_transfer_codings(std::string_view value);
    void store_header();
    int validate_head();

    static int on_message_begin(llhttp_t* p);
    static int on_method(llhttp_t* p, const char* at, std::size_t length);
    static int on_url(llhttp_t* p, const char* at, std::size_t length);
    static int on_version_complete(llhttp_t* p);
    static int on_header_field(llhttp_t* p, const char* at, std::size_t length);
    static int on_header_field_complete(llhttp_t* p);
    static int on_header_value(llhttp_t* p, const char* at, std::size_t length);
    static int on_header_value_complete(llhttp_t* p);
    static int on_headers_complete(llhttp_t* p);
    static int on_chunk_header(llhttp_t* p);
    static int on_chunk_extension(llhttp_t* p, const char* at, std::size_t length);
    static int on_body(llhttp_t* p, const char* at, std::size_t length);
    static int on_message_complete(llhttp_t* p);
};

const llhttp_settings_t& RequestParser::Impl::settings() {
    static const llhttp_settings_t instance = [] {
        llhttp_settings_t s;
        llhttp_settings_init(&s);
        s.on_message_begin = &Impl::on_message_begin;
        s.on_method = &Impl::on_method;
        s.on_url = &Impl::on_url;
        s.on_version_complete = &Impl::on_version_complete;
        s.on_header_field = &Impl::on_header_field;
        s.on_header_field_complete = &Impl::on_header_field_complete;
        s.on_header_value = &Impl::on_header_value;
        s.on_header_value_complete = &Impl::on_header_value_complete;
        s.on_headers_complete = &Impl::on_headers_complete;
        s.on_chunk_header = &Impl::on_chunk_header;
        s.on_chunk_extension_name = &Impl::on_chunk_extension;
        s.on_chunk_extension_value = &Impl::on_chunk_extension;
        s.on_body = &Impl::on_body;
        s.on_message_complete = &Impl::on_message_complete;
        return s;
    }();
    return instance;
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

// Checks on the raw bytes of the head that llhttp does not make. `bytes` is the part of the head
// consumed by this feed() call.
int RequestParser::Impl::check_raw_head(std::string_view bytes) {
    // RFC 9112 5.2: obsolete line folding (a line starting with SP/HTAB) must be rejected; llhttp
    // would silently join the lines, and an intermediary may not.
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const bool after_lf = i == 0 ? head_ends_with_lf : bytes[i - 1] == '\n';
        if (after_lf && (bytes[i] == ' ' || bytes[i] == '\t')) {
            return fail(400, "obsolete line folding");
        }
    }
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
    return 0;
}

int RequestParser::Impl::on_message_begin(llhttp_t* p) {
    Impl& self = of(p);
    self.start_message();
    self.phase = Phase::request_line;
    return 0;
}

int RequestParser::Impl::on_method(llhttp_t* p, const char* at, std::size_t length) {
    Impl& self = of(p);
    self.head.method.append(at, length);
    return self.add_request_line_bytes(length);
}

int RequestParser::Impl::on_url(llhttp_t* p, const char* at, std::size_t length) {
    Impl& self = of(p);
    if (int rc = self.add_request_line_bytes(length); rc != 0) {
        return rc;
    }
    self.head.target.append(at, length);
    return 0;
}

int RequestParser::Impl::on_version_complete(llhttp_t* p) {
    of(p).phase = Phase::headers;
    return 0;
}

// Trailer fields are counted against the limits but not stored: they must not alter the head.
int RequestParser::Impl::add_field_span(std::string& part, const char* at, std::size_t length) {
    if (int rc = add_header_bytes(length); rc != 0) {
        return rc;
    }
    if (phase == Phase::headers) {
        part.append(at, length);
    }
    return 0;
}

int RequestParser::Impl::on_header_field(llhttp_t* p, const char* at, std::size_t length) {
    Impl& self = of(p);
    return self.add_field_span(self.field_name, at, length);
}

int RequestParser::Impl::on_header_field_complete(llhttp_t* p) {
    Impl& self = of(p);
    if (++self.header_count > self.limits.max_header_count) {
        return self.fail(431, self.phase == Phase::trailers ? "too many trailer fields" : "too many header fields");
    }
    return self.add_header_bytes(kHeaderLineOverhead);
}

int RequestParser::Impl::on_header_value(llhttp_t* p, const char* at, std::size_t length) {
    Impl& self = of(p);
    return self.add_field_span(self.field_value, at, length);
}

int RequestParser::Impl::on_header_value_complete(llhttp_t* p) {
    Impl& self = of(p);
    if (self.phase == Phase::headers) {
        self.store_header();
    }
    return 0;
}

int RequestParser::Impl::on_headers_complete(llhttp_t* p) {
    Impl& self = of(p);
    RequestHead& head = self.head;
    head.version_major = p->http_major;
    head.version_minor = p->http_minor;
    head.chunked = (p->flags & F_CHUNKED) != 0;
    if ((p->flags & F_CONTENT_LENGTH) != 0 && !head.chunked) {
        head.content_length = p->content_length;
    }
    head.keep_alive = llhttp_should_keep_alive(p) != 0;
    // RFC 9112 6.1: Transfer-Encoding in HTTP/1.0 means faulty framing; close after this request.
    if (head.version_minor == 0 && (p->flags & F_TRANSFER_ENCODING) != 0) {
        head.keep_alive = false;
    }
    // RFC 9110 10.1.1: a 100-continue expectation in HTTP/1.0 must be ignored.
    head.expect_continue = head.expect_continue && head.version_minor == 1;
    if (int rc = self.validate_head(); rc != 0) {
        return rc;
    }
    self.phase = Phase::body;
    self.header_bytes = 0;
    self.header_count = 0;
    self.pending = EventKind::head;
    return HPE_PAUSED;
}

int RequestParser::Impl::on_chunk_header(llhttp_t* p) {
    Impl& self = of(p);
    // llhttp stores the announced chunk size in content_length: refuse before receiving the data.
    self.chunked_body_bytes += p->content_length;
    if (self.limits.max_body_bytes != 0 && self.chunked_body_bytes > self.limits.max_body_bytes) {
        return self.fail(413, "request body too large");
    }
    if (p->content_length == 0) {
        self.phase = Phase::trailers;
    }
    return 0;
}

int RequestParser::Impl::on_chunk_extension(llhttp_t* p, const char*, std::size_t length) {
    Impl& self = of(p);
    self.chunk_extension_bytes += length;
    if (self.chunk_extension_bytes > kMaxChunkExtensionBytes) {
        return self.fail(413, "chunk extensions too large");
    }
    return 0;
}

int RequestParser::Impl::on_body(llhttp_t* p, const char* at, std::size_t length) {
    if (length == 0) {
        return 0;  // an empty span when a feed() resumes inside the body: nothing to report
    }
    Impl& self = of(p);
    self.pending = EventKind::body;
    self.pending_body = std::string_view(at, length);
    return HPE_PAUSED;
}

int RequestParser::Impl::on_message_complete(llhttp_t* p) {
    Impl& self = of(p);
    self.phase = Phase::complete;
    self.pending = EventKind::message_complete;
    return HPE_PAUSED;
}

RequestParser::Event RequestParser::Impl::feed(std::string_view input) {
    if (phase == Phase::failed) {
        return Event{EventKind::error, 0, {}};
    }
    if (phase == Phase::complete) {
        start_message();
        phase = Phase::idle;
    }
    pending = EventKind::need_more;
    pending_body = {};

    // llhttp reports positions relative to `data`; keep it non-null for empty input.
    const char* data = input.data() != nullptr ? input.data() : "";
    const llhttp_errno_t rc = llhttp_execute(&parser, data, input.size());

    if (rc == HPE_OK) {
        if (in_head() && check_raw_head(input) != 0) {
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
        phase = Phase::failed;
    }
    return Event{EventKind::error, consumed, {}};
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
