#pragma once
// Parses text into columns: one value appended per call, in the text forms of ValueWriter.h.
// Failures throw EngineError with ClickHouse's codes and a message that names the text and the
// target type, and leave the column unchanged (composites roll back their partial elements):
//   72  CANNOT_PARSE_NUMBER        'abc' as an integer, float or decimal
//   321 VALUE_IS_OUT_OF_RANGE      '300' as int8 (no silent wrap-around when parsing text)
//   407 DECIMAL_OVERFLOW           more integer digits than decimal(P, S) holds
//   38  CANNOT_PARSE_DATE / 41 CANNOT_PARSE_DATETIME
//   6   CANNOT_PARSE_TEXT          uuid, ipv4, ipv6, bool, composites ('[1,2' unterminated)
//   36  BAD_ARGUMENTS              unknown enum label or value
//   131 TOO_LARGE_STRING_SIZE      text longer than fixed_string(N)
// Extra fraction digits of decimals and datetime64 are truncated, as ClickHouse does. Dates
// and datetimes outside their type's range saturate to the range ends.

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/column/Column.h"

namespace tideline::engine {

struct ParseSettings {
    std::string timezone;           // zone for datetime types declared without one ("" = UTC)
    bool bestEffortDateTime = false; // parse_datetime_best_effort rules for datetime kinds
};

// The Plain form: the whole text is one value (cast('..' AS T), to_int32('..'), CSV fields after
// unquoting). Nullable accepts \N and NULL (any case); composites use ClickHouse's quoted text
// '[1,2]', "(1,'a')", "{'k':1}". Leading/trailing spaces are ignored except for strings.
void parseValue(Column &column, std::string_view text, const ParseSettings &settings = {});
// As parseValue but returns false instead of throwing (the _or_null / _or_zero functions).
bool tryParseValue(Column &column, std::string_view text, const ParseSettings &settings = {});
// The Escaped (TabSeparated) form: strings are unescaped, \N is NULL.
void parseEscapedValue(Column &column, std::string_view field, const ParseSettings &settings = {});
// The Quoted form starting at text[pos] (VALUES lists, elements of composites); returns the
// position just after the value.
size_t parseQuotedValue(Column &column, std::string_view text, size_t pos, const ParseSettings &settings = {});

// Undoes a TSV escape sequence run (\t, \n, \\, \', \0, \xHH, ...).
std::string unescapeTSV(std::string_view field);

// Scalar readers shared with the functions library; each returns false on malformed text.
bool parseUUIDText(std::string_view text, UInt128 &out);
bool parseIPv4Text(std::string_view text, uint32_t &out);
bool parseIPv6Text(std::string_view text, UInt128 &out); // also accepts a bare IPv4 (mapped)
// Unscaled value of a decimal text at `scale`; `digitsOverflow` set when it exceeds `precision`.
bool parseDecimalText(std::string_view text, uint32_t precision, uint32_t scale, Int128 &out, bool &digitsOverflow);

// Drops rows from the end so the column has `rows` rows (the rollback of failed parses).
void truncateColumn(Column &column, size_t rows);

} // namespace tideline::engine
