#pragma once
// What the master reads from a request's annotations (runtime_supercharger_annotate() in PHP,
// carried by ipc::RequestDone). Pure.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace runtime::obs {

struct StateLeak {
    std::string kind;  // the key after "state_leak."
    std::string name;  // what leaked (the annotation's value)
};

struct RequestAnnotations {
    std::optional<std::string> route;        // Symfony's _route ("route")
    std::vector<StateLeak> state_leaks;      // "state_leak.<kind>" = name
    std::optional<double> slow_ms;           // "slow" = ms the request had run when it was logged
    std::vector<std::string> state_restored; // "state_restored.<kind>": what the request boundary restored
    std::optional<std::string> retire;       // "retire" = why the worker retires itself ("opcache_restart")
};

RequestAnnotations read_annotations(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace runtime::obs
