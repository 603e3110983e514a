#include "request_parser_impl.hpp"

namespace runtime::http {

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
    // llhttp lets ": value" through; a field name is a non-empty token (RFC 9110 5.1).
    if (self.phase == Phase::headers && self.field_name.empty()) {
        return self.fail(400, "empty header field name");
    }
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
    // Compared by subtraction so that huge sizes cannot wrap the running total around.
    const std::uint64_t limit = self.limits.max_body_bytes;
    if (limit != 0 && p->content_length > limit - self.chunked_body_bytes) {
        return self.fail(413, "request body too large");
    }
    self.chunked_body_bytes += p->content_length;
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

}  // namespace runtime::http
