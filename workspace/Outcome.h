#pragma once
// The result of a workspace operation: a value or a Failure that already says how the REST
// layer answers it (HTTP status) and what the error body carries (Proton's code, a message).
// Both the server and the local client read it, so local and remote report the same errors.
#include <QString>
#include <optional>
#include <utility>
#include <variant>
#include "engine/common/Status.h"

namespace tideline::workspace {

struct Failure {
    int httpStatus = 400;
    int code = 0;          // Proton/ClickHouse error code; 0 for errors of the API layer itself
    QString message;
    int position = -1;     // byte offset in the SQL the error is about, -1 when none

    static Failure badRequest(QString message, int code = 0) { return {400, code, std::move(message)}; }
    static Failure notFound(QString message, int code = 0) { return {404, code, std::move(message)}; }
    static Failure conflict(QString message, int code = 0) { return {409, code, std::move(message)}; }
    static Failure unauthorized(QString message) { return {401, 0, std::move(message)}; }
    static Failure internal(QString message, int code = 0) { return {500, code, std::move(message)}; }
    // An engine status: user errors are 400, unknown objects 404 when `missingIs404`.
    static Failure fromStatus(const engine::Status &status, bool missingIs404 = false);
};

template <class T>
class Outcome {
public:
    Outcome(T value) : m_v(std::move(value)) {}
    Outcome(Failure failure) : m_v(std::move(failure)) {}
    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<0>(m_v); }
    const T &value() const { return std::get<0>(m_v); }
    T &operator*() { return value(); }
    T *operator->() { return &value(); }
    const Failure &failure() const { return std::get<1>(m_v); }

private:
    std::variant<T, Failure> m_v;
};

// For operations that return nothing.
struct Done {};
using Result = Outcome<Done>;
inline Result done() { return Done{}; }

} // namespace tideline::workspace
