#include "http_access.hpp"

namespace runtime::net {

void count_response(obs::Metrics& metrics, ResponseFacts& facts, int status) {
    facts.status = status;
    const std::string status_class = status > 0 ? std::to_string(status / 100) + "xx" : "none";
    metrics.request_served(status_class);
    // From the request head to the last byte: a file delegated by PHP counts PHP's time too.
    metrics.request_duration(status_class,
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - facts.started).count());
}

obs::AccessRecord access_record(const http::RequestHead& head, const cgi::ConnectionInfo& connection,
                                const ResponseFacts& facts, std::chrono::steady_clock::time_point finished) {
    obs::AccessRecord record;
    record.remote_addr = connection.remote_addr;
    record.time = facts.arrived;
    record.method = head.method;
    record.target = head.target;
    record.version_major = head.version_major;
    record.version_minor = head.version_minor;
    record.status = facts.status;
    record.bytes_sent = facts.bytes_sent;
    record.referer = std::string(head.find("Referer").value_or(""));
    record.user_agent = std::string(head.find("User-Agent").value_or(""));
    record.duration_seconds = std::chrono::duration<double>(finished - facts.started).count();
    record.worker_pid = facts.worker_pid;
    record.pool = facts.pool;
    return record;
}

}  // namespace runtime::net
