#pragma once
// Renders values of any Column as text, exactly as clickhouse-client / Proton 1.6 prints them.
//
// ClickHouse has one text form per "escaping rule", and composites always render their elements
// in the Quoted form whatever the outer rule is ([1,'a'], (1,'a'), {'k':1}, NULL inside):
//   Plain    to_string(), cast(x AS string), Pretty and Vertical cells: no escaping at all
//   Escaped  TabSeparated: \t \n \\ \' \b \f \r \0 escaped, NULL is \N
//   Quoted   VALUES and elements of composites: strings/dates in '...', NULL is NULL
//   CSV      "..." with "" for a quote; dates, uuids, ips, enums and composites quoted; NULL is \N
//   JSON     JSONEachRow values (see FormatSettings for the 64-bit and denormal choices)
//
// Storage conventions this file relies on (see also TimeZones.h):
//   uuid  UInt128 whose big-endian hex is the text: value >> 64 holds the first 16 hex digits
//   ipv4  uint32 in host order, a.b.c.d = (a << 24) | (b << 16) | (c << 8) | d
//   ipv6  UInt128 whose big-endian bytes are the address: value >> 120 is the first byte
//   int256/uint256/decimal256: four little-endian uint64 limbs (WideInt.h)

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column/Column.h"

namespace tideline::engine {

enum class TextFormat : uint8_t { Plain, Escaped, Quoted, CSV, JSON };

struct FormatSettings {
    // Zone for datetime types declared without one ("" = UTC), the session time zone.
    std::string timezone;
    // ClickHouse's output_format_json_quote_64bit_integers (default 1): int64/uint64 and the
    // 128/256-bit integers become JSON strings, so JavaScript readers keep every digit.
    bool jsonQuote64bitIntegers = true;
    // output_format_json_quote_denormals (default 0): nan/inf become null; with it, "nan"/"inf".
    bool jsonQuoteDenormals = false;
    // output_format_json_escape_forward_slashes (default 1): "/" is written as "\/".
    bool jsonEscapeForwardSlashes = true;
    // output_format_json_named_tuples_as_objects (default 1): named tuples become {"a":1}.
    bool jsonNamedTuplesAsObjects = true;
    char csvDelimiter = ',';
};

// Rendered cells of one column: cell i is chars[ends[i-1], ends[i]). Reused across blocks so a
// whole block renders without a per-row allocation.
struct CellBuffer {
    std::string chars;
    std::vector<uint32_t> ends;
    void clear() { chars.clear(); ends.clear(); }
    size_t size() const { return ends.size(); }
    std::string_view at(size_t i) const
    {
        size_t begin = i == 0 ? 0 : ends[i - 1];
        return {chars.data() + begin, ends[i] - begin};
    }
};

// Appends row `row` of `column` in the given form.
void writeValue(const Column &column, size_t row, TextFormat format, std::string &out, const FormatSettings &settings = {});
// Convenience for tests and one-off calls.
std::string valueToString(const Column &column, size_t row, TextFormat format = TextFormat::Plain, const FormatSettings &settings = {});

// Column-at-a-time: appends rows [from, from+count) one cell each. Plain numbers take a tight
// typed loop; other kinds resolve their time zone once per call.
void writeColumn(const Column &column, size_t from, size_t count, TextFormat format, CellBuffer &cells, const FormatSettings &settings = {});
// Appends rows [from, from+count) to `out`, each followed by `terminator` (e.g. '\n').
void writeColumnTSV(const Column &column, std::string &out, size_t from, size_t count, char terminator, const FormatSettings &settings = {});

// The scalar pieces, shared with the functions library.
void appendEscapedString(std::string &out, std::string_view s);   // TSV escaping, no quotes
void appendQuotedString(std::string &out, std::string_view s);    // '...'
void appendCSVString(std::string &out, std::string_view s);       // "..."
void appendJSONString(std::string &out, std::string_view s, bool escapeForwardSlashes = true);
void appendFloat(std::string &out, double value);  // shortest round trip, ClickHouse's layout
void appendFloat(std::string &out, float value);
// Decimals print without the fraction's trailing zeros, as Proton 1.6 does: 1.50 -> 1.5, 1.00 -> 1.
void appendDecimal(std::string &out, Int128 unscaled, uint32_t scale);
// The unsigned digits of an unscaled decimal, with `scale` of them after the point.
void appendScaledDigits(std::string &out, std::string digits, uint32_t scale);
void appendDate(std::string &out, int64_t dayNumber);                 // YYYY-MM-DD
void appendDateTime(std::string &out, int64_t epochSeconds, const class TimeZone &zone);
void appendDateTime64(std::string &out, int64_t ticks, uint32_t precision, const class TimeZone &zone);
void appendUUID(std::string &out, UInt128 value);
void appendIPv4(std::string &out, uint32_t value);
void appendIPv6(std::string &out, UInt128 value);

} // namespace tideline::engine
