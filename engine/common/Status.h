#pragma once
// Errors are values (ARCHITECTURE §2.7): a Status carries Proton's numeric error code, a message,
// and the byte offset in the SQL text it refers to (or -1). No exception crosses a library boundary;
// inside the engine, code may throw EngineError and convert it to a Status at the API edge.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace tideline::engine {

// Numeric codes are ClickHouse/Proton's ErrorCodes.cpp.
enum class ErrorCode : int {
    Ok = 0,
    NotImplemented = 48,
    LogicalError = 49,
    UnknownType = 50,
    BadArguments = 36,
    CannotParseText = 6,
    CannotParseQuotedString = 26,
    CannotParseDate = 38,
    CannotParseDateTime = 41,
    CannotParseNumber = 72,
    CannotConvertType = 70,
    ArgumentOutOfBound = 69,
    IllegalTypeOfArgument = 43,
    IllegalColumn = 44,
    NumberOfArgumentsDoesntMatch = 42,
    TooManyArgumentsForFunction = 34,
    TooFewArgumentsForFunction = 35,
    UnknownFunction = 46,
    UnknownIdentifier = 47,
    UnknownSetting = 115,
    TypeMismatch = 53,
    StreamAlreadyExists = 57,
    UnknownStream = 60,
    SyntaxError = 62,
    UnknownAggregateFunction = 63,
    EmptyListOfColumnsPassed = 51,
    NoSuchColumnInTable = 16,
    DuplicateColumn = 15,
    IllegalDivision = 153,
    IncorrectQuery = 80,
    UnknownDatabase = 81,
    DatabaseAlreadyExists = 82,
    CannotOpenFile = 76,
    CannotWriteToFile = 75,
    CannotReadFromFile = 74,
    CannotFsync = 95,
    NotEnoughSpace = 243,
    CorruptedData = 246,
    UnexpectedExpression = 183,
    NotAnAggregate = 215,
    TooLargeStringSize = 131,
    TooDeepRecursion = 306,
    QueryWasCancelled = 394,
    IllegalAggregation = 184,
    DecimalOverflow = 407,
    ValueIsOutOfRangeOfDataType = 321,
    IncorrectData = 117,
    IncorrectNumberOfColumns = 7,
    UnknownTable = 60,
    HaveDependentObjects = 630,
    UnknownFormat = 73,
    UnsupportedMethod = 1,
    InvalidJoinOnExpression = 403,
    AmbiguousIdentifier = 207,
    AmbiguousColumnName = 352,
    ReservedWord = 2007,
    WindowColumnNotReferenced = 2002,
    MissingSessionKey = 2003,
    TooLargeArraySize = 128,
    SizesOfArraysDoesntMatch = 190,
    CannotAllocateMemory = 173,
    Timeout = 159,
    IncompatibleColumns = 122,
    UnknownException = 1002,
};

// Proton's symbolic name for a code ("SYNTAX_ERROR"), used by --testmode and messages.
const char *errorCodeName(int code);
// Inverse of errorCodeName; -1 when unknown.
int errorCodeFromName(const std::string &name);

class Status {
public:
    Status() = default;
    Status(ErrorCode code, std::string message, int position = -1)
        : m_code(static_cast<int>(code)), m_message(std::move(message)), m_position(position) {}
    Status(int code, std::string message, int position = -1)
        : m_code(code), m_message(std::move(message)), m_position(position) {}

    static Status ok() { return {}; }
    bool isOk() const { return m_code == 0; }
    explicit operator bool() const { return isOk(); }
    int code() const { return m_code; }
    const std::string &message() const { return m_message; }
    int position() const { return m_position; }
    // "Code: 62. DB::Exception: Syntax error ...: (SYNTAX_ERROR)", as clickhouse-client prints.
    std::string toString() const;

private:
    int m_code = 0;
    std::string m_message;
    int m_position = -1;
};

// Thrown inside the engine only; converted to Status at the Engine facade.
class EngineError : public std::runtime_error {
public:
    EngineError(ErrorCode code, const std::string &message, int position = -1)
        : std::runtime_error(message), m_status(code, message, position) {}
    explicit EngineError(Status status)
        : std::runtime_error(status.message()), m_status(std::move(status)) {}
    const Status &status() const { return m_status; }

private:
    Status m_status;
};

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status status) : m_status(std::move(status)) {}
    bool isOk() const { return m_status.isOk(); }
    explicit operator bool() const { return isOk(); }
    const Status &status() const { return m_status; }
    T &value() { return *m_value; }
    const T &value() const { return *m_value; }
    T &operator*() { return *m_value; }
    T *operator->() { return &*m_value; }

private:
    std::optional<T> m_value;
    Status m_status;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string &message, int position = -1)
{
    throw EngineError(code, message, position);
}

} // namespace tideline::engine
