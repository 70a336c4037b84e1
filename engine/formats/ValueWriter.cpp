#include "engine/formats/ValueWriter.h"

#include <charconv>
#include <cmath>

#include "engine/column/TypeDispatch.h"
#include "engine/formats/TimeZones.h"
#include "engine/formats/WideInt.h"

namespace tideline::engine {

namespace {

// One rendering pass: the settings plus the zone of the last datetime type seen, so a column of
// datetimes looks its zone up once instead of once per row.
struct Writer {
    const FormatSettings &settings;
    std::string &out;
    const DataType *zoneType = nullptr;
    const TimeZone *zone = nullptr;

    const TimeZone &zoneFor(const DataType &type)
    {
        if (zoneType != &type) {
            zone = &TimeZone::get(type.timezone.empty() ? settings.timezone : type.timezone);
            zoneType = &type;
        }
        return *zone;
    }

    void value(const Column &col, size_t row, TextFormat format);
    void scalar(const Column &col, size_t row, TextFormat format);
    void stringLike(std::string_view s, TextFormat format);
    void textual(const Column &col, size_t row, TextFormat format);
    void plainText(const Column &col, size_t row);
    void integer(const Column &col, size_t row, TextFormat format);
    void floating(double v, TextFormat format);
    void array(const Column &col, size_t row, TextFormat format);
    void map(const Column &col, size_t row, TextFormat format);
    void tuple(const Column &col, size_t row, TextFormat format);
};

template <typename T>
T load(const Column &col, size_t row)
{
    return col.data<T>()[row];
}

Wide256 loadWide(const Column &col, size_t row)
{
    Wide256 w;
    std::memcpy(w.limb, col.fixed.data() + row * 32, 32);
    return w;
}

bool is64BitOrWider(TypeKind k)
{
    switch (k) {
    case TypeKind::Int64: case TypeKind::UInt64: case TypeKind::Int128: case TypeKind::UInt128:
    case TypeKind::Int256: case TypeKind::UInt256: return true;
    default: return false;
    }
}

std::string_view enumLabel(const DataType &type, int16_t v, std::string &scratch)
{
    for (const auto &[label, value] : type.enumValues)
        if (value == v)
            return label;
    // An enum column holds only declared values; print the number if that was ever broken.
    scratch = std::to_string(v);
    return scratch;
}

void Writer::value(const Column &col, size_t row, TextFormat format)
{
    const DataType &type = *col.type();
    switch (type.kind) {
    case TypeKind::Nullable:
        if (col.nullMap[row]) {
            if (format == TextFormat::Escaped || format == TextFormat::CSV)
                out += "\\N";
            else
                out += format == TextFormat::JSON ? "null" : "NULL";
            return;
        }
        return value(col.nested(), row, format);
    case TypeKind::Nothing:
        out += format == TextFormat::JSON ? "null" : (format == TextFormat::Escaped || format == TextFormat::CSV) ? "\\N" : "NULL";
        return;
    case TypeKind::Array: return array(col, row, format);
    case TypeKind::Map: return map(col, row, format);
    case TypeKind::Tuple: return tuple(col, row, format);
    default: return scalar(col, row, format);
    }
}

void Writer::stringLike(std::string_view s, TextFormat format)
{
    switch (format) {
    case TextFormat::Plain: out += s; break;
    case TextFormat::Escaped: appendEscapedString(out, s); break;
    case TextFormat::Quoted: appendQuotedString(out, s); break;
    case TextFormat::CSV: appendCSVString(out, s); break;
    case TextFormat::JSON: appendJSONString(out, s, settings.jsonEscapeForwardSlashes); break;
    }
}

// Kinds whose text needs no escaping but is quoted in the Quoted/CSV/JSON forms.
void Writer::textual(const Column &col, size_t row, TextFormat format)
{
    char q = format == TextFormat::Quoted ? '\'' : (format == TextFormat::CSV || format == TextFormat::JSON) ? '"' : 0;
    if (q)
        out += q;
    plainText(col, row);
    if (q)
        out += q;
}

void Writer::plainText(const Column &col, size_t row)
{
    const DataType &type = *col.type();
    switch (type.kind) {
    case TypeKind::Date: appendDate(out, load<uint16_t>(col, row)); break;
    case TypeKind::Date32: appendDate(out, load<int32_t>(col, row)); break;
    case TypeKind::DateTime: appendDateTime(out, load<uint32_t>(col, row), zoneFor(type)); break;
    case TypeKind::DateTime64: appendDateTime64(out, load<int64_t>(col, row), type.precision, zoneFor(type)); break;
    case TypeKind::UUID: appendUUID(out, load<UInt128>(col, row)); break;
    case TypeKind::IPv4: appendIPv4(out, load<uint32_t>(col, row)); break;
    case TypeKind::IPv6: appendIPv6(out, load<UInt128>(col, row)); break;
    default: break;
    }
}

void Writer::integer(const Column &col, size_t row, TextFormat format)
{
    TypeKind kind = col.type()->kind;
    bool quote = format == TextFormat::JSON && settings.jsonQuote64bitIntegers && is64BitOrWider(kind);
    if (quote)
        out += '"';
    char buf[24];
    auto plain = [&]<typename T>(T v) {
        auto res = std::to_chars(buf, buf + sizeof(buf), v);
        out.append(buf, res.ptr);
    };
    switch (kind) {
    case TypeKind::Int8: plain(load<int8_t>(col, row)); break;
    case TypeKind::Int16: plain(load<int16_t>(col, row)); break;
    case TypeKind::Int32: plain(load<int32_t>(col, row)); break;
    case TypeKind::Int64: plain(load<int64_t>(col, row)); break;
    case TypeKind::UInt8: plain(load<uint8_t>(col, row)); break;
    case TypeKind::UInt16: plain(load<uint16_t>(col, row)); break;
    case TypeKind::UInt32: plain(load<uint32_t>(col, row)); break;
    case TypeKind::UInt64: plain(load<uint64_t>(col, row)); break;
    case TypeKind::Interval: plain(load<int64_t>(col, row)); break;
    case TypeKind::Int128: appendInt128(out, load<Int128>(col, row)); break;
    case TypeKind::UInt128: appendUInt128(out, load<UInt128>(col, row)); break;
    case TypeKind::Int256: appendWide256(out, loadWide(col, row), true); break;
    case TypeKind::UInt256: appendWide256(out, loadWide(col, row), false); break;
    default: break;
    }
    if (quote)
        out += '"';
}

void Writer::floating(double v, TextFormat format)
{
    if (format == TextFormat::JSON && !std::isfinite(v)) {
        if (!settings.jsonQuoteDenormals) {
            out += "null";
            return;
        }
        out += '"';
        appendFloat(out, v);
        out += '"';
        return;
    }
    appendFloat(out, v);
}

void Writer::scalar(const Column &col, size_t row, TextFormat format)
{
    const DataType &type = *col.type();
    switch (type.kind) {
    case TypeKind::Bool: out += load<uint8_t>(col, row) ? "true" : "false"; return;
    case TypeKind::Float32: {
        float f = load<float>(col, row);
        if (format == TextFormat::JSON && !std::isfinite(f))
            return floating(f, format);
        return appendFloat(out, f); // float32 keeps its own shortest form (0.1, not 0.10000000149)
    }
    case TypeKind::Float64: return floating(load<double>(col, row), format);
    case TypeKind::Decimal32: return appendDecimal(out, load<int32_t>(col, row), type.scale);
    case TypeKind::Decimal64: return appendDecimal(out, load<int64_t>(col, row), type.scale);
    case TypeKind::Decimal128: return appendDecimal(out, load<Int128>(col, row), type.scale);
    case TypeKind::Decimal256: {
        std::string digits;
        Wide256 w = loadWide(col, row);
        bool negative = w.isNegative();
        if (negative)
            w.negate();
        appendWide256(digits, w, false);
        if (negative)
            out += '-';
        return appendScaledDigits(out, std::move(digits), type.scale);
    }
    case TypeKind::String: return stringLike(col.stringAt(row), format);
    case TypeKind::FixedString: {
        size_t n = type.fixedSize;
        return stringLike({reinterpret_cast<const char *>(col.fixed.data()) + row * n, n}, format);
    }
    case TypeKind::Enum8: case TypeKind::Enum16: {
        std::string scratch;
        int16_t v = type.kind == TypeKind::Enum8 ? load<int8_t>(col, row) : load<int16_t>(col, row);
        return stringLike(enumLabel(type, v, scratch), format);
    }
    case TypeKind::Date: case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::DateTime64:
    case TypeKind::UUID: case TypeKind::IPv4: case TypeKind::IPv6:
        return textual(col, row, format);
    default: return integer(col, row, format);
    }
}

// Composites render their elements Quoted; CSV quotes the whole composite text as one field.
TextFormat elementFormat(TextFormat format)
{
    return format == TextFormat::JSON ? TextFormat::JSON : TextFormat::Quoted;
}

void Writer::array(const Column &col, size_t row, TextFormat format)
{
    if (format == TextFormat::CSV) {
        std::string text;
        Writer inner{settings, text};
        inner.array(col, row, TextFormat::Plain);
        return appendCSVString(out, text);
    }
    TextFormat elem = elementFormat(format);
    out += '[';
    for (uint64_t i = col.arrayBegin(row); i < col.arrayEnd(row); ++i) {
        if (i != col.arrayBegin(row))
            out += ',';
        value(col.nested(), i, elem);
    }
    out += ']';
}

void Writer::map(const Column &col, size_t row, TextFormat format)
{
    if (format == TextFormat::CSV) {
        std::string text;
        Writer inner{settings, text};
        inner.map(col, row, TextFormat::Plain);
        return appendCSVString(out, text);
    }
    TextFormat elem = elementFormat(format);
    const Column &keys = *col.children[0];
    out += '{';
    for (uint64_t i = col.arrayBegin(row); i < col.arrayEnd(row); ++i) {
        if (i != col.arrayBegin(row))
            out += ',';
        if (format == TextFormat::JSON && !removeNullable(keys.type())->isStringLike()) {
            // JSON object keys must be strings: render the key's text and quote it.
            std::string key;
            Writer inner{settings, key};
            inner.value(keys, i, TextFormat::Plain);
            appendJSONString(out, key, settings.jsonEscapeForwardSlashes);
        } else {
            value(keys, i, elem);
        }
        out += ':';
        value(*col.children[1], i, elem);
    }
    out += '}';
}

void Writer::tuple(const Column &col, size_t row, TextFormat format)
{
    const DataType &type = *col.type();
    size_t n = col.children.size();
    if (format == TextFormat::CSV) { // a tuple spreads over several CSV fields
        for (size_t i = 0; i < n; ++i) {
            if (i)
                out += settings.csvDelimiter;
            value(*col.children[i], row, TextFormat::CSV);
        }
        return;
    }
    bool asObject = format == TextFormat::JSON && settings.jsonNamedTuplesAsObjects && !type.names.empty();
    out += format == TextFormat::JSON ? (asObject ? '{' : '[') : '(';
    for (size_t i = 0; i < n; ++i) {
        if (i)
            out += ',';
        if (asObject) {
            appendJSONString(out, type.names[i], settings.jsonEscapeForwardSlashes);
            out += ':';
        }
        value(*col.children[i], row, elementFormat(format));
    }
    out += format == TextFormat::JSON ? (asObject ? '}' : ']') : ')';
}

template <typename T>
void writeNumbers(const Column &col, size_t from, size_t count, CellBuffer &cells)
{
    const T *data = col.data<T>();
    char buf[32];
    for (size_t i = from; i < from + count; ++i) {
        if constexpr (std::is_floating_point_v<T>) {
            appendFloat(cells.chars, data[i]);
        } else if constexpr (sizeof(T) <= 8) {
            auto res = std::to_chars(buf, buf + sizeof(buf), data[i]);
            cells.chars.append(buf, res.ptr);
        }
        cells.ends.push_back(static_cast<uint32_t>(cells.chars.size()));
    }
}

// True when the typed loop renders the kind identically in this format.
bool isPlainNumber(TypeKind kind, TextFormat format)
{
    switch (kind) {
    case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::UInt8:
    case TypeKind::UInt16: case TypeKind::UInt32: return true;
    case TypeKind::Int64: case TypeKind::UInt64: case TypeKind::Float32: case TypeKind::Float64:
        return format != TextFormat::JSON; // JSON quotes 64-bit ints and nulls out nan/inf
    default: return false;
    }
}

} // namespace

void writeValue(const Column &column, size_t row, TextFormat format, std::string &out, const FormatSettings &settings)
{
    Writer w{settings, out};
    w.value(column, row, format);
}

std::string valueToString(const Column &column, size_t row, TextFormat format, const FormatSettings &settings)
{
    std::string out;
    writeValue(column, row, format, out, settings);
    return out;
}

void writeColumn(const Column &column, size_t from, size_t count, TextFormat format, CellBuffer &cells, const FormatSettings &settings)
{
    cells.ends.reserve(cells.ends.size() + count);
    TypeKind kind = column.type()->kind;
    if (isPlainNumber(kind, format)) {
        dispatchNumeric(kind, [&]<typename T>() { writeNumbers<T>(column, from, count, cells); });
        return;
    }
    Writer w{settings, cells.chars};
    for (size_t i = from; i < from + count; ++i) {
        w.value(column, i, format);
        cells.ends.push_back(static_cast<uint32_t>(cells.chars.size()));
    }
}

void writeColumnTSV(const Column &column, std::string &out, size_t from, size_t count, char terminator, const FormatSettings &settings)
{
    Writer w{settings, out};
    for (size_t i = from; i < from + count; ++i) {
        w.value(column, i, TextFormat::Escaped);
        out += terminator;
    }
}

} // namespace tideline::engine
