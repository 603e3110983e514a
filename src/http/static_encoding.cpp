#include "runtime/http/static_encoding.hpp"

#include <charconv>

#include "header_text.hpp"

namespace runtime::http {
namespace {

// q-value in thousandths ("0.5" -> 500); malformed values count as 0 (refused).
int parse_qvalue(std::string_view text) {
    if (text.empty() || (text.front() != '0' && text.front() != '1')) return 0;
    if (text.size() == 1) return (text.front() - '0') * 1000;
    if (text[1] != '.' || text.size() > 5) return 0;
    int value = (text.front() - '0') * 1000;
    int scale = 100;
    for (const char c : text.substr(2)) {
        if (c < '0' || c > '9') return 0;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value > 1000 ? 0 : value;
}

struct Weights {
    int br = -1;  // -1: not named
    int gzip = -1;
    int any = -1;
};

Weights parse_accept_encoding(std::string_view header) {
    Weights weights;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const std::size_t semicolon = item.find(';');
        const std::string_view coding = text::trim_ows(item.substr(0, semicolon));
        int q = 1000;
        if (semicolon != std::string_view::npos) {
            std::string_view parameter = text::trim_ows(item.substr(semicolon + 1));
            if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
                q = parse_qvalue(text::trim_ows(parameter.substr(2)));
            }
        }
        if (text::iequals(coding, "br")) {
            weights.br = q;
        } else if (text::iequals(coding, "gzip") || text::iequals(coding, "x-gzip")) {
            weights.gzip = q;
        } else if (coding == "*") {
            weights.any = q;
        }
    }
    return weights;
}

}  // namespace

ContentCoding choose_coding(std::optional<std::string_view> accept_encoding, AvailableCodings available) {
    if (!accept_encoding || (!available.br && !available.gzip)) return ContentCoding::identity;
    const Weights weights = parse_accept_encoding(*accept_encoding);
    const int br = available.br ? (weights.br >= 0 ? weights.br : weights.any) : -1;
    const int gzip = available.gzip ? (weights.gzip >= 0 ? weights.gzip : weights.any) : -1;
    if (br > 0 && br >= gzip) return ContentCoding::br;
    if (gzip > 0) return ContentCoding::gzip;
    return ContentCoding::identity;
}

std::string_view coding_token(ContentCoding coding) {
    switch (coding) {
        case ContentCoding::br: return "br";
        case ContentCoding::gzip: return "gzip";
        case ContentCoding::identity: break;
    }
    return {};
}

std::string_view coding_suffix(ContentCoding coding) {
    switch (coding) {
        case ContentCoding::br: return ".br";
        case ContentCoding::gzip: return ".gz";
        case ContentCoding::identity: break;
    }
    return {};
}

}  // namespace runtime::http
