// The value codec and argument checks shared by the aggregate families.
#include "engine/functions/aggregates/AggregateHelpers.h"

namespace tideline::engine::agg {

namespace {

void putLength(std::string &out, uint64_t n)
{
    // LEB128, so short strings and arrays cost one length byte.
    do {
        uint8_t b = n & 0x7f;
        n >>= 7;
        out.push_back(static_cast<char>(n ? b | 0x80 : b));
    } while (n);
}

uint64_t getLength(std::string_view &in)
{
    uint64_t n = 0;
    for (int shift = 0; !in.empty(); shift += 7) {
        auto b = static_cast<uint8_t>(in.front());
        in.remove_prefix(1);
        n |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    return n;
}

} // namespace

void encodeValue(const Column &col, size_t row, std::string &out)
{
    switch (col.type()->kind) {
    case TypeKind::String: {
        auto s = col.stringAt(row);
        putLength(out, s.size());
        out.append(s);
        return;
    }
    case TypeKind::Nullable:
        out.push_back(col.nullMap[row] ? 1 : 0);
        if (!col.nullMap[row])
            encodeValue(*col.children[0], row, out);
        return;
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t b = col.arrayBegin(row), e = col.arrayEnd(row);
        putLength(out, e - b);
        for (uint64_t i = b; i < e; ++i)
            for (const auto &child : col.children)
                encodeValue(*child, i, out);
        return;
    }
    case TypeKind::Tuple:
        for (const auto &child : col.children)
            encodeValue(*child, row, out);
        return;
    default: {
        size_t w = col.type()->valueSize();
        out.append(reinterpret_cast<const char *>(col.fixed.data()) + row * w, w);
        return;
    }
    }
}

void decodeValue(Column &col, std::string_view &in)
{
    switch (col.type()->kind) {
    case TypeKind::String: {
        uint64_t n = getLength(in);
        col.pushString(in.substr(0, n));
        in.remove_prefix(n);
        return;
    }
    case TypeKind::Nullable: {
        bool isNull = in.front() != 0;
        in.remove_prefix(1);
        if (isNull) {
            col.pushDefault();
            return;
        }
        col.nullMap.push_back(0);
        decodeValue(*col.children[0], in);
        col.setSize(col.size() + 1);
        return;
    }
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t n = getLength(in);
        for (uint64_t i = 0; i < n; ++i)
            for (auto &child : col.children)
                decodeValue(*child, in);
        col.offsets.push_back(col.children[0]->size());
        col.setSize(col.size() + 1);
        return;
    }
    case TypeKind::Tuple:
        for (auto &child : col.children)
            decodeValue(*child, in);
        col.setSize(col.size() + 1);
        return;
    default: {
        size_t w = col.type()->valueSize();
        col.pushFixedBytes(in.data(), w);
        in.remove_prefix(w);
        return;
    }
    }
}

void illegalType(const std::string &fn, const DataTypePtr &type)
{
    fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + type->name() + " of argument for aggregate function " + fn);
}

void expectArgs(const std::string &fn, const AggregateArgs &args, size_t min, size_t max)
{
    size_t n = args.types.size();
    if (n < min || n > max)
        fail(ErrorCode::NumberOfArgumentsDoesntMatch,
             "Aggregate function " + fn + " requires " + (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)) +
                 " arguments, got " + std::to_string(n));
}

double numericParameter(const std::string &fn, const AggregateArgs &args, size_t i, double fallback)
{
    if (i >= args.parameters.size() || !args.parameters[i])
        return fallback;
    const Column &c = *args.parameters[i];
    const Column &v = c.type()->isNullable() ? c.nested() : c;
    double out = 0;
    bool ok = !v.empty() && !c.isNullAt(0) && dispatchNumeric(v.type()->kind, [&]<typename T>() { out = static_cast<double>(v.data<T>()[0]); });
    if (!ok || v.type()->isDecimal())
        fail(ErrorCode::BadArguments, "Parameter " + std::to_string(i + 1) + " of aggregate function " + fn + " must be a number");
    return out;
}

bool isComparableKind(const DataType &type)
{
    switch (type.kind) {
    case TypeKind::Nothing: case TypeKind::Interval: case TypeKind::Map:
        return false;
    default:
        return true;
    }
}

} // namespace tideline::engine::agg
