#include "runtime/http/static_response.hpp"

#include <string>

#include "runtime/http/response_head.hpp"
#include "runtime/http/static_range.hpp"

namespace runtime::http {

StaticRequestFacts StaticRequestFacts::from(const RequestHead& head) {
    StaticRequestFacts facts;
    facts.is_head = head.method == "HEAD";
    facts.conditions.if_match = head.find("If-Match");
    facts.conditions.if_none_match = head.find("If-None-Match");
    facts.conditions.if_modified_since = head.find("If-Modified-Since");
    facts.conditions.if_unmodified_since = head.find("If-Unmodified-Since");
    facts.range = head.find("Range");
    facts.if_range = head.find("If-Range");
    return facts;
}

StaticPlan plan_static_response(const StaticRequestFacts& request, const StaticFileFacts& file) {
    StaticPlan plan;
    const Validators validators{make_etag(file.size, file.mtime), file.mtime};
    // Validators and Vary go on every answer about this representation, 304 included.
    plan.headers.push_back(Header{"ETag", validators.etag});
    plan.headers.push_back(Header{"Last-Modified", http_date(file.mtime)});
    if (file.vary_on_encoding) plan.headers.push_back(Header{"Vary", "Accept-Encoding"});

    switch (evaluate_preconditions(request.conditions, validators)) {
        case Precondition::not_modified:
            plan.status = 304;
            return plan;
        case Precondition::failed:
            plan.status = 412;
            return plan;
        case Precondition::proceed:
            break;
    }

    plan.headers.push_back(Header{"Content-Type", std::string(file.mime_type)});
    if (file.coding != ContentCoding::identity) {
        plan.headers.push_back(Header{"Content-Encoding", std::string(coding_token(file.coding))});
    }
    plan.headers.push_back(Header{"Accept-Ranges", "bytes"});

    RangeDecision range;
    if (request.range && if_range_allows(request.if_range, validators)) {
        range = evaluate_range(*request.range, file.size);
    }
    const std::string size = std::to_string(file.size);
    switch (range.kind) {
        case RangeDecision::unsatisfiable:
            plan.status = 416;
            plan.headers.push_back(Header{"Content-Range", "bytes */" + size});
            return plan;
        case RangeDecision::partial:
            plan.status = 206;
            plan.body_offset = range.range.first;
            plan.body_length = range.range.length;
            plan.headers.push_back(Header{"Content-Range", "bytes " + std::to_string(range.range.first) + "-" +
                                                               std::to_string(range.range.first + range.range.length - 1) +
                                                               "/" + size});
            break;
        case RangeDecision::full:
            plan.body_length = file.size;
            break;
    }
    plan.content_length = plan.body_length;
    plan.send_body = !request.is_head && plan.body_length > 0;
    return plan;
}

}  // namespace runtime::http
