#include "workspace/BlockJsonEncoder.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "engine/formats/TimeZones.h"

namespace tideline::workspace {

using engine::Column;
using engine::TypeKind;

namespace {

const engine::FormatSettings &jsonSettings()
{
    static const engine::FormatSettings s = [] {
        engine::FormatSettings f;
        f.jsonQuote64bitIntegers = false; // exact JSON numbers; 128/256-bit handled below
        f.jsonQuoteDenormals = true;      // "inf", "-inf", "nan"
        f.jsonEscapeForwardSlashes = false;
        f.jsonNamedTuplesAsObjects = true;
        return f;
    }();
    return s;
}

void appendQuoted(std::string_view text, std::string &out)
{
    out.push_back('"');
    out.append(text);
    out.push_back('"');
}

bool isWideInteger(TypeKind k)
{
    return k == TypeKind::Int128 || k == TypeKind::Int256 || k == TypeKind::UInt128 || k == TypeKind::UInt256;
}

} // namespace

void appendRfc3339(int64_t ticks, uint32_t precision, std::string &out)
{
    int64_t scale = 1;
    for (uint32_t i = 0; i < precision; ++i)
        scale *= 10;
    int64_t seconds = ticks / scale;
    int64_t fraction = ticks % scale;
    if (fraction < 0) {
        fraction += scale;
        --seconds;
    }
    int64_t days = seconds / 86400;
    int64_t secOfDay = seconds % 86400;
    if (secOfDay < 0) {
        secOfDay += 86400;
        --days;
    }
    int64_t year;
    int month, day;
    engine::civilFromDays(days, year, month, day);
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(year), month, day,
                          static_cast<int>(secOfDay / 3600), static_cast<int>(secOfDay / 60 % 60), static_cast<int>(secOfDay % 60));
    out.append(buf, static_cast<size_t>(n));
    if (fraction != 0) {
        char frac[24];
        std::snprintf(frac, sizeof frac, "%0*lld", static_cast<int>(precision), static_cast<long long>(fraction));
        std::string_view f(frac);
        while (!f.empty() && f.back() == '0')
            f.remove_suffix(1);
        out.push_back('.');
        out.append(f);
    }
    out.push_back('Z');
}

void BlockJsonEncoder::encodeValue(const Column &column, size_t row, std::string &out)
{
    const auto &type = *column.type();
    switch (type.kind) {
    case TypeKind::Nullable:
        if (column.isNullAt(row))
            out += "null";
        else
            encodeValue(column.nested(), row, out);
        return;
    case TypeKind::Array:
        out.push_back('[');
        for (uint64_t i = column.arrayBegin(row); i < column.arrayEnd(row); ++i) {
            if (i != column.arrayBegin(row))
                out.push_back(',');
            encodeValue(*column.children[0], i, out);
        }
        out.push_back(']');
        return;
    case TypeKind::Map:
        out.push_back('{');
        for (uint64_t i = column.arrayBegin(row); i < column.arrayEnd(row); ++i) {
            if (i != column.arrayBegin(row))
                out.push_back(',');
            const Column &keys = *column.children[0];
            if (keys.type()->isStringLike()) {
                engine::writeValue(keys, i, engine::TextFormat::JSON, out, jsonSettings());
            } else { // JSON object keys are strings: numbers, dates, uuids as their plain text
                std::string key;
                engine::writeValue(keys, i, engine::TextFormat::Plain, key);
                appendQuoted(key, out);
            }
            out.push_back(':');
            encodeValue(*column.children[1], i, out);
        }
        out.push_back('}');
        return;
    case TypeKind::Tuple: {
        bool named = !type.names.empty() && !type.names[0].empty();
        out.push_back(named ? '{' : '[');
        for (size_t i = 0; i < column.children.size(); ++i) {
            if (i)
                out.push_back(',');
            if (named) {
                appendQuoted(type.names[i], out);
                out.push_back(':');
            }
            encodeValue(*column.children[i], row, out);
        }
        out.push_back(named ? '}' : ']');
        return;
    }
    case TypeKind::DateTime:
        out.push_back('"');
        appendRfc3339(static_cast<int64_t>(column.data<uint32_t>()[row]), 0, out);
        out.push_back('"');
        return;
    case TypeKind::DateTime64:
        out.push_back('"');
        appendRfc3339(column.data<int64_t>()[row], type.precision, out);
        out.push_back('"');
        return;
    default:
        break;
    }
    if (type.isDecimal() || isWideInteger(type.kind)) {
        std::string text;
        engine::writeValue(column, row, engine::TextFormat::Plain, text);
        appendQuoted(text, out);
        return;
    }
    engine::writeValue(column, row, engine::TextFormat::JSON, out, jsonSettings());
}

void BlockJsonEncoder::encodeColumn(const Column &column, size_t from, size_t count, engine::CellBuffer &cells)
{
    cells.clear();
    const auto kind = column.type()->kind;
    // Numbers and bools need no per-value decision: the engine's typed column loop writes them.
    bool plainFast = (column.type()->isInteger() && !isWideInteger(kind)) || column.type()->isFloat();
    if (plainFast || kind == TypeKind::Bool) {
        engine::writeColumn(column, from, count, engine::TextFormat::JSON, cells, jsonSettings());
        return;
    }
    for (size_t i = 0; i < count; ++i) {
        encodeValue(column, from + i, cells.chars);
        cells.ends.push_back(static_cast<uint32_t>(cells.chars.size()));
    }
}

void BlockJsonEncoder::encodeRows(const engine::Block &block, size_t from, size_t count, std::string &out)
{
    size_t ncols = block.columnCount();
    m_cells.resize(ncols);
    for (size_t c = 0; c < ncols; ++c)
        encodeColumn(*block.at(c).column, from, count, m_cells[c]);
    out.push_back('[');
    for (size_t r = 0; r < count; ++r) {
        if (r)
            out.push_back(',');
        out.push_back('[');
        for (size_t c = 0; c < ncols; ++c) {
            if (c)
                out.push_back(',');
            out.append(m_cells[c].at(r));
        }
        out.push_back(']');
    }
    out.push_back(']');
}

} // namespace tideline::workspace
