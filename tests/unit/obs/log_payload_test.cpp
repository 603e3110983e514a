#include <gtest/gtest.h>

#include <vector>

#include "runtime/obs/log.hpp"

namespace runtime::obs {
namespace {

TEST(LogPayload, TextLinesAreTheMessageAlone) {
    const std::vector<LogField> fields{{"pool", "default"}, {"worker_pid", "12", true}};
    EXPECT_EQ(log_payload("worker pid=12 pool=default: hello", fields, false), "worker pid=12 pool=default: hello");
}

TEST(LogPayload, JsonLinesQuoteTheMessageAndAppendTheFields) {
    const std::vector<LogField> fields{
        {"pool", "default"}, {"worker_pid", "12", true}, {"request_id", "7", true}, {"uri", "/a?b=\"c\""}};
    EXPECT_EQ(log_payload("say \"hi\"\n", fields, true),
              R"("say \"hi\"\n","pool":"default","worker_pid":12,"request_id":7,"uri":"/a?b=\"c\"")");
}

TEST(LogPayload, JsonLineWithoutFieldsIsTheQuotedMessage) {
    EXPECT_EQ(log_payload("plain", {}, true), R"("plain")");
}

}  // namespace
}  // namespace runtime::obs
