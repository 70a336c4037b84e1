#include "engine/common/Status.h"

#include <array>
#include <utility>

namespace tideline::engine {

namespace {

constexpr std::array<std::pair<int, const char *>, 72> kNames{{
    {1, "UNSUPPORTED_METHOD"}, {6, "CANNOT_PARSE_TEXT"}, {7, "INCORRECT_NUMBER_OF_COLUMNS"},
    {15, "DUPLICATE_COLUMN"}, {16, "NO_SUCH_COLUMN_IN_TABLE"}, {26, "CANNOT_PARSE_QUOTED_STRING"},
    {34, "TOO_MANY_ARGUMENTS_FOR_FUNCTION"}, {35, "TOO_FEW_ARGUMENTS_FOR_FUNCTION"}, {36, "BAD_ARGUMENTS"},
    {38, "CANNOT_PARSE_DATE"}, {41, "CANNOT_PARSE_DATETIME"}, {42, "NUMBER_OF_ARGUMENTS_DOESNT_MATCH"},
    {43, "ILLEGAL_TYPE_OF_ARGUMENT"}, {44, "ILLEGAL_COLUMN"}, {46, "UNKNOWN_FUNCTION"},
    {47, "UNKNOWN_IDENTIFIER"}, {48, "NOT_IMPLEMENTED"}, {49, "LOGICAL_ERROR"}, {50, "UNKNOWN_TYPE"},
    {51, "EMPTY_LIST_OF_COLUMNS_PASSED"}, {53, "TYPE_MISMATCH"}, {57, "STREAM_ALREADY_EXISTS"},
    {60, "UNKNOWN_STREAM"}, {62, "SYNTAX_ERROR"}, {63, "UNKNOWN_AGGREGATE_FUNCTION"},
    {69, "ARGUMENT_OUT_OF_BOUND"}, {70, "CANNOT_CONVERT_TYPE"}, {72, "CANNOT_PARSE_NUMBER"},
    {73, "UNKNOWN_FORMAT"}, {74, "CANNOT_READ_FROM_FILE_DESCRIPTOR"}, {75, "CANNOT_WRITE_TO_FILE_DESCRIPTOR"},
    {76, "CANNOT_OPEN_FILE"}, {80, "INCORRECT_QUERY"}, {81, "UNKNOWN_DATABASE"},
    {82, "DATABASE_ALREADY_EXISTS"}, {95, "CANNOT_FSYNC"}, {115, "UNKNOWN_SETTING"},
    {117, "INCORRECT_DATA"}, {122, "INCOMPATIBLE_COLUMNS"}, {128, "TOO_LARGE_ARRAY_SIZE"},
    {131, "TOO_LARGE_STRING_SIZE"}, {153, "ILLEGAL_DIVISION"}, {159, "TIMEOUT_EXCEEDED"},
    {173, "CANNOT_ALLOCATE_MEMORY"}, {183, "UNEXPECTED_EXPRESSION"}, {184, "ILLEGAL_AGGREGATION"},
    {190, "SIZES_OF_ARRAYS_DOESNT_MATCH"}, {191, "SET_SIZE_LIMIT_EXCEEDED"}, {207, "AMBIGUOUS_IDENTIFIER"}, {215, "NOT_AN_AGGREGATE"},
    {243, "NOT_ENOUGH_SPACE"}, {246, "CORRUPTED_DATA"}, {306, "TOO_DEEP_RECURSION"},
    {321, "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"}, {352, "AMBIGUOUS_COLUMN_NAME"},
    {394, "QUERY_WAS_CANCELLED"}, {403, "INVALID_JOIN_ON_EXPRESSION"}, {407, "DECIMAL_OVERFLOW"}, {434, "CANNOT_PARSE_PROTOBUF_SCHEMA"},
    {444, "UNKNOWN_PROTOBUF_FORMAT"},
    {609, "FUNCTION_ALREADY_EXISTS"}, {610, "CANNOT_DROP_FUNCTION"}, {630, "HAVE_DEPENDENT_OBJECTS"}, {1002, "UNKNOWN_EXCEPTION"}, {2002, "WINDOW_COLUMN_NOT_REFERENCED"},
    {2003, "MISSING_SESSION_KEY"}, {2007, "RESERVED_WORD"}, {2533, "UDF_INTERNAL_ERROR"},
    {2534, "UDA_NOT_APPLICABLE"}, {2610, "FORMAT_SCHEMA_ALREADY_EXISTS"}, {2611, "UNKNOWN_FORMAT_SCHEMA"}, {2613, "UNKNOWN_FORMAT_SCHEMA_TYPE"},
}};

} // namespace

const char *errorCodeName(int code)
{
    for (const auto &[c, n] : kNames)
        if (c == code)
            return n;
    return "UNKNOWN_EXCEPTION";
}

int errorCodeFromName(const std::string &name)
{
    for (const auto &[c, n] : kNames)
        if (name == n)
            return c;
    // ClickHouse spells it UNKNOWN_TABLE; Proton UNKNOWN_STREAM.
    if (name == "UNKNOWN_TABLE")
        return 60;
    if (name == "TABLE_ALREADY_EXISTS")
        return 57;
    return -1;
}

std::string Status::toString() const
{
    if (isOk())
        return "OK";
    return "Code: " + std::to_string(m_code) + ". DB::Exception: " + m_message + ". (" + errorCodeName(m_code) + ")";
}

} // namespace tideline::engine
