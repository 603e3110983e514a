#pragma once
// Errors as values at module edges: Result<T> holds a value or an error, human-readable and,
// where a caller branches on the kind, with a code.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace runtime {

// The kinds of error a caller acts on differently; everything else is `unspecified` and only
// reported. Callers branch on the code, never on the message text.
enum class ErrorCode : std::uint8_t {
    unspecified,
    peer_closed,  // the other end closed the channel (a worker exited, the master went away)
    malformed,    // the peer broke the protocol: a bad frame or message
    io,           // a system call on the channel failed
    no_process,   // a process could not be started (fork, exec, socketpair, the prototype)
};

struct Error {
    Error(std::string text) : message(std::move(text)) {}  // NOLINT(google-explicit-constructor)
    Error(const char* text) : message(text) {}             // NOLINT(google-explicit-constructor)
    Error(ErrorCode kind, std::string text) : message(std::move(text)), code(kind) {}

    std::string message;
    ErrorCode code = ErrorCode::unspecified;
};

template <typename T>
class Result {
public:
    Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<T>(data_); }
    explicit operator bool() const noexcept { return ok(); }
    T& value() & { return std::get<T>(data_); }
    const T& value() const& { return std::get<T>(data_); }
    T&& value() && { return std::get<T>(std::move(data_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    [[nodiscard]] const Error& error() const { return std::get<Error>(data_); }

private:
    std::variant<T, Error> data_;
};

}  // namespace runtime
