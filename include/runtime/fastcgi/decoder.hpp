#pragma once
// Application side of one FastCGI connection: web server bytes in, events out. Pure.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/fastcgi/events.hpp"
#include "runtime/fastcgi/params.hpp"
#include "runtime/fastcgi/record_reader.hpp"

namespace runtime::fastcgi {

struct DecoderLimits {
    ParamsLimits params;
    // Requests active at once on one connection. nginx sends one at a time; a further
    // BEGIN_REQUEST is refused with CANT_MPX_CONN (limit 1) or OVERLOADED (limit > 1).
    std::size_t max_concurrent_requests = 1;
};

// Follows the spec's request life cycle: an id becomes active with BEGIN_REQUEST and stays
// active until the application has sent its END_REQUEST and calls request_finished(id).
// Records for inactive ids (other than BEGIN_REQUEST) are ignored, as the spec demands.
// Memory is bounded: STDIN is passed through, PARAMS are kept up to the limits, and only
// BEGIN_REQUEST / GET_VALUES bodies (at most 64 KiB) are buffered.
class ConnectionDecoder {
public:
    explicit ConnectionDecoder(DecoderLimits limits = {});

    // Appends the events found in `bytes` to `out`. StdinData views point into `bytes`.
    // The event boundaries of STDIN data follow the input; all other events do not depend
    // on how the stream is split.
    void feed(std::string_view bytes, std::vector<Event>& out);
    std::vector<Event> feed(std::string_view bytes);

    // The application has written END_REQUEST for `id`: the id becomes inactive.
    void request_finished(std::uint16_t id);

    [[nodiscard]] bool failed() const noexcept { return failed_; }
    [[nodiscard]] bool is_active(std::uint16_t id) const { return requests_.contains(id); }
    [[nodiscard]] std::size_t active_requests() const noexcept { return requests_.size(); }
    // True when no record is partially received (a clean point to close the connection).
    [[nodiscard]] bool at_record_boundary() const noexcept { return reader_.at_record_boundary(); }

private:
    enum class Phase { params, stdin_body, input_complete, aborted };
    struct Request {
        Phase phase = Phase::params;
        ParamsDecoder params;
    };
    // How the content of the record being read is used.
    enum class ContentUse { skip, buffer, params, stdin_body };

    Request* find_request(std::uint16_t id);
    void on_header(const RecordHeader& header, std::vector<Event>& out);
    void on_content(std::string_view bytes, std::vector<Event>& out);
    void on_record_end(std::vector<Event>& out);

    void start_stream_record(const RecordHeader& header, std::vector<Event>& out);
    void finish_begin_request(std::vector<Event>& out);
    void finish_abort(std::vector<Event>& out);
    void finish_get_values(std::vector<Event>& out);
    void finish_params(std::vector<Event>& out);
    void finish_stdin(std::vector<Event>& out);
    void protocol_error(std::string reason, std::vector<Event>& out);

    DecoderLimits limits_;
    RecordReader reader_;
    RecordHeader current_;
    ContentUse content_use_ = ContentUse::skip;
    std::string body_;  // BEGIN_REQUEST or GET_VALUES content
    std::map<std::uint16_t, Request> requests_;
    bool failed_ = false;
};

}  // namespace runtime::fastcgi
