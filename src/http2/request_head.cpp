#include "runtime/http2/request_head.hpp"

#include <algorithm>
#include <charconv>

namespace runtime::http2 {
namespace {

std::optional<std::uint64_t> parse_length(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

void RequestFields::add(std::string_view name, std::string_view value) {
    decoded_bytes_ += name.size() + value.size();
    if (decoded_bytes_ > limits_.max_header_bytes || headers_.size() >= limits_.max_header_count) {
        too_large_ = true;
        return;
    }
    if (name == ":method") {
        method_ = value;
    } else if (name == ":scheme") {
        scheme_ = value;
    } else if (name == ":authority") {
        authority_ = value;
    } else if (name == ":path") {
        path_ = value;
    } else if (name.starts_with(':')) {
        return;  // :protocol (extended CONNECT) is not offered; nghttp2 refuses unknown ones
    } else {
        if (name == "content-length" && !parse_length(value)) bad_content_length_ = true;
        headers_.push_back(http::Header{std::string(name), std::string(value)});
    }
}

int RequestFields::refusal() const {
    if (too_large_) return 431;
    if (method_.size() + path_.size() > limits_.max_request_line) return 414;
    // CONNECT (no :path) has no meaning for a PHP application.
    if (method_.empty() || path_.empty() || bad_content_length_) return 400;
    if (path_.front() != '/' && !(path_ == "*" && method_ == "OPTIONS")) return 400;
    return 0;
}

http::RequestHead RequestFields::head() const {
    http::RequestHead head;
    head.method = method_;
    head.target = path_;
    head.version_major = 2;
    head.version_minor = 0;
    head.keep_alive = true;
    head.headers.reserve(headers_.size() + 1);
    // RFC 9113 8.3.1: :authority stands for Host; a Host field, if also sent, must agree, so
    // the pseudo-header wins and appears first, as the Host header HTTP/1.1 would have had.
    if (!authority_.empty()) head.headers.push_back(http::Header{"host", authority_});
    for (const auto& header : headers_) {
        if (!authority_.empty() && header.name == "host") continue;
        if (header.name == "content-length") head.content_length = parse_length(header.value);
        if (header.name == "expect") head.expect_continue = header.value == "100-continue";
        head.headers.push_back(header);
    }
    return head;
}

}  // namespace runtime::http2
