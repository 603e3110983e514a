#pragma once
// The host side of the SAPI for the in-process ceiling: hands PHP the same prepared GET
// request over and over, discards the output, counts statuses and bytes, and marks the
// timed window (after the warmup) with wall and CPU clocks.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/cgi/cgi_params.hpp"
#include "runtime_sapi.h"

namespace runtime::bench {

struct CeilingPlan {
    std::uint64_t warmup = 0;    // requests served before the clocks start
    std::uint64_t requests = 0;  // requests served inside the timed window
};

struct CeilingTally {
    std::uint64_t served = 0;          // all requests, warmup included
    std::uint64_t timed = 0;           // requests inside the timed window
    std::uint64_t non_2xx = 0;         // timed requests answered outside 200..299
    std::uint64_t failed = 0;          // timed requests with an outcome other than ok
    std::uint64_t response_bytes = 0;  // body bytes of the timed requests
    double wall_seconds = 0;
    double cpu_seconds = 0;  // user + system time of this process
    int last_status = 0;
    std::string last_detail;  // exception or error detail of the last failure
};

class CeilingHost {
public:
    CeilingHost(std::vector<cgi::Param> params, CeilingPlan plan);

    rs_sapi_host callbacks();
    const CeilingTally& tally() const { return tally_; }

private:
    int next_request(rs_sapi_request& req);
    void send_head(int status) { status_ = status; }
    void write(std::size_t len);
    int done(const rs_sapi_report& report);
    bool timing() const { return tally_.served >= plan_.warmup; }

    std::vector<cgi::Param> params_;
    std::vector<rs_sapi_pair> server_;
    CeilingPlan plan_;
    CeilingTally tally_;
    int status_ = 0;
    std::chrono::steady_clock::time_point wall_start_;
    double cpu_start_ = 0;
};

}  // namespace runtime::bench
