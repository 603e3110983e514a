#include "runtime/http/response_head.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "header_text.hpp"

namespace runtime::http {
namespace {

bool is_interim(int status) { return status >= 100 && status < 200; }

// RFC 9110 6.4.1: these responses never carry content, whatever their headers say.
bool forbids_body(int status) { return is_interim(status) || status == 204 || status == 304; }

// Connection management and message framing belong to the server, not to the application.
bool is_framing_header(std::string_view name) {
    constexpr std::array<std::string_view, 4> kOwned{"Connection", "Keep-Alive", "Transfer-Encoding",
                                                     "Content-Length"};
    return std::any_of(kOwned.begin(), kOwned.end(), [&](std::string_view owned) { return text::iequals(name, owned); });
}

std::optional<Error> validate_header(const Header& header) {
    if (!text::is_token(header.name)) {
        return Error{"invalid response header name (not an RFC 9110 token)"};
    }
    if (!text::is_safe_field_value(header.value)) {
        return Error{"response header " + header.name + " has a value with CR, LF or NUL"};
    }
    return std::nullopt;
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

void append_number(std::string& out, std::uint64_t value) {
    std::array<char, 24> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), result.ptr);
}

// What goes on the wire to delimit the body.
enum class LengthHeader { nothing, ours, apps, zero, chunked };

LengthHeader choose_length_header(const ResponseHeadSpec& spec, bool app_has_length) {
    if (forbids_body(spec.status)) {
        return LengthHeader::nothing;
    }
    if (spec.is_head_request) {
        // RFC 9110 9.3.2: HEAD answers carry GET's headers but no body.
        if (spec.framing == BodyFraming::content_length) {
            return LengthHeader::ours;
        }
        return app_has_length ? LengthHeader::apps : LengthHeader::nothing;
    }
    switch (spec.framing) {
        case BodyFraming::content_length:
            return LengthHeader::ours;
        case BodyFraming::chunked:
            return LengthHeader::chunked;
        case BodyFraming::close_delimited:
            return LengthHeader::nothing;
        case BodyFraming::none:
            break;
    }
    // A status that allows a body but has none: say so, or the client would read until close.
    return LengthHeader::zero;
}

}  // namespace

Result<std::string> serialize_response_head(const ResponseHeadSpec& spec) {
    if (spec.status < 100 || spec.status > 999) {
        return Error{"invalid response status " + std::to_string(spec.status)};
    }
    if (spec.version_minor != 0 && spec.version_minor != 1) {
        return Error{"invalid response version HTTP/1." + std::to_string(spec.version_minor)};
    }
    const bool sends_body = !forbids_body(spec.status) && !spec.is_head_request;
    if (sends_body && spec.framing == BodyFraming::chunked && spec.version_minor == 0) {
        return Error{"chunked framing needs HTTP/1.1; use close_delimited for HTTP/1.0"};
    }

    std::optional<std::string_view> app_length;
    std::size_t size = 64;
    for (const auto& header : spec.headers) {
        if (auto error = validate_header(header)) {
            return *error;
        }
        if (!app_length && text::iequals(header.name, "Content-Length") && text::is_decimal(header.value)) {
            app_length = header.value;
        }
        size += header.name.size() + header.value.size() + 4;
    }

    std::string out;
    out.reserve(size);
    out.append(spec.version_minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
    append_number(out, static_cast<std::uint64_t>(spec.status));
    out.append(" ").append(reason_phrase(spec.status)).append("\r\n");

    for (const auto& header : spec.headers) {
        if (!is_framing_header(header.name)) {
            append_header(out, header.name, header.value);
        }
    }

    switch (choose_length_header(spec, app_length.has_value())) {
        case LengthHeader::nothing:
            break;
        case LengthHeader::ours:
            out.append("Content-Length: ");
            append_number(out, spec.content_length);
            out.append("\r\n");
            break;
        case LengthHeader::apps:
            append_header(out, "Content-Length", *app_length);
            break;
        case LengthHeader::zero:
            append_header(out, "Content-Length", "0");
            break;
        case LengthHeader::chunked:
            append_header(out, "Transfer-Encoding", "chunked");
            break;
    }

    // Interim responses leave connection management to the final response.
    if (!is_interim(spec.status)) {
        const bool keep_alive = spec.keep_alive && !(sends_body && spec.framing == BodyFraming::close_delimited);
        if (!keep_alive) {
            append_header(out, "Connection", "close");
        } else if (spec.version_minor == 0) {
            append_header(out, "Connection", "keep-alive");  // HTTP/1.0 closes unless told otherwise
        }
    }
    out.append("\r\n");
    return out;
}

std::string chunk_prefix(std::size_t size) {
    std::array<char, 24> digits{};
    const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), size, 16);
    std::string out(digits.data(), result.ptr);
    out.append("\r\n");
    return out;
}

std::string simple_response(int status, bool keep_alive, std::string_view body, std::vector<Header> extra_headers) {
    ResponseHeadSpec spec;
    spec.status = (status >= 100 && status <= 999) ? status : 500;
    spec.keep_alive = keep_alive;

    // Headers we could not write safely are dropped: this response must always be producible.
    std::erase_if(extra_headers, [](const Header& header) { return validate_header(header).has_value(); });
    spec.headers = std::move(extra_headers);

    std::string default_body;
    if (forbids_body(spec.status)) {
        body = {};
        spec.framing = BodyFraming::none;
    } else {
        if (body.empty()) {
            default_body = std::to_string(spec.status) + " " + std::string(reason_phrase(spec.status)) + "\n";
            body = default_body;
        }
        const bool has_type = std::any_of(spec.headers.begin(), spec.headers.end(),
                                          [](const Header& h) { return text::iequals(h.name, "Content-Type"); });
        if (!has_type) {
            spec.headers.push_back(Header{"Content-Type", "text/plain; charset=utf-8"});
        }
        spec.framing = BodyFraming::content_length;
        spec.content_length = body.size();
    }

    std::string out = std::move(serialize_response_head(spec).value());
    out.append(body);
    return out;
}

}  // namespace runtime::http
