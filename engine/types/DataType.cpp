#include "engine/types/DataType.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace tideline::engine {

namespace {

struct KindName {
    TypeKind kind;
    const char *name;
};

constexpr std::array kSimpleNames{
    KindName{TypeKind::Nothing, "nothing"},   KindName{TypeKind::Bool, "bool"},
    KindName{TypeKind::Int8, "int8"},         KindName{TypeKind::Int16, "int16"},
    KindName{TypeKind::Int32, "int32"},       KindName{TypeKind::Int64, "int64"},
    KindName{TypeKind::Int128, "int128"},     KindName{TypeKind::Int256, "int256"},
    KindName{TypeKind::UInt8, "uint8"},       KindName{TypeKind::UInt16, "uint16"},
    KindName{TypeKind::UInt32, "uint32"},     KindName{TypeKind::UInt64, "uint64"},
    KindName{TypeKind::UInt128, "uint128"},   KindName{TypeKind::UInt256, "uint256"},
    KindName{TypeKind::Float32, "float32"},   KindName{TypeKind::Float64, "float64"},
    KindName{TypeKind::String, "string"},     KindName{TypeKind::Date, "date"},
    KindName{TypeKind::Date32, "date32"},     KindName{TypeKind::UUID, "uuid"},
    KindName{TypeKind::IPv4, "ipv4"},         KindName{TypeKind::IPv6, "ipv6"},
};

// Aliases accepted in DDL, as ClickHouse/Proton accept them.
const std::map<std::string, TypeKind> &aliases()
{
    static const std::map<std::string, TypeKind> m{
        {"int", TypeKind::Int32},        {"integer", TypeKind::Int32},   {"tinyint", TypeKind::Int8},
        {"smallint", TypeKind::Int16},   {"bigint", TypeKind::Int64},    {"float", TypeKind::Float32},
        {"real", TypeKind::Float32},     {"double", TypeKind::Float64},  {"varchar", TypeKind::String},
        {"text", TypeKind::String},      {"char", TypeKind::String},     {"boolean", TypeKind::Bool},
        {"uint", TypeKind::UInt32},      {"byte", TypeKind::Int8},       {"blob", TypeKind::String},
        {"bytea", TypeKind::String},     {"binary", TypeKind::String},   {"clob", TypeKind::String},
        {"mediumint", TypeKind::Int32},  {"timestamp", TypeKind::DateTime},
    };
    return m;
}

std::string quote(const std::string &s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

// A tiny recursive-descent reader over a type name.
class TypeReader {
public:
    explicit TypeReader(std::string_view text) : m_text(text) {}

    DataTypePtr readType()
    {
        std::string word = readWord();
        if (word.empty())
            fail(ErrorCode::UnknownType, "Expected a type name at position " + std::to_string(m_pos));
        return readTypeAfterWord(word);
    }

    bool atEnd()
    {
        skipSpace();
        return m_pos >= m_text.size();
    }

private:
    DataTypePtr readTypeAfterWord(const std::string &word)
    {
        for (const auto &kn : kSimpleNames)
            if (word == kn.name)
                return makeType(kn.kind);
        if (auto it = aliases().find(word); it != aliases().end()) {
            if (peek('(')) // varchar(255), char(10): the length is ignored
                skipParenthesised();
            return makeType(it->second);
        }
        if (word == "nullable") {
            expect('(');
            auto inner = readType();
            expect(')');
            if (inner->isNullable() || inner->kind == TypeKind::Array || inner->kind == TypeKind::Map || inner->kind == TypeKind::Tuple)
                fail(ErrorCode::IllegalTypeOfArgument, "Nested type " + inner->name() + " cannot be inside nullable type");
            return makeNullable(inner);
        }
        if (word == "low_cardinality" || word == "lowcardinality") {
            expect('(');
            auto inner = readType();
            expect(')');
            auto copy = std::make_shared<DataType>(*inner);
            copy->lowCardinality = true;
            return copy;
        }
        if (word == "array") {
            expect('(');
            auto inner = readType();
            expect(')');
            return makeArray(inner);
        }
        if (word == "map") {
            expect('(');
            auto key = readType();
            expect(',');
            auto value = readType();
            expect(')');
            return makeMap(key, value);
        }
        if (word == "tuple")
            return readTuple();
        if (word == "fixed_string" || word == "fixedstring") {
            expect('(');
            auto n = readNumber();
            expect(')');
            if (n == 0 || n > 0xFFFFFF)
                fail(ErrorCode::ArgumentOutOfBound, "fixed_string size must be positive and reasonable");
            return makeFixedString(static_cast<uint32_t>(n));
        }
        if (word == "decimal" || word == "numeric" || word == "dec") {
            uint32_t p = 10, s = 0;
            if (consume('(')) {
                p = static_cast<uint32_t>(readNumber());
                if (consume(','))
                    s = static_cast<uint32_t>(readNumber());
                expect(')');
            }
            if (p < 1 || p > 76 || s > p)
                fail(ErrorCode::ArgumentOutOfBound, "Decimal precision and scale are out of bounds: decimal(" + std::to_string(p) + ", " + std::to_string(s) + ")");
            return makeDecimal(p, s);
        }
        if (word == "decimal32" || word == "decimal64" || word == "decimal128" || word == "decimal256") {
            expect('(');
            auto s = static_cast<uint32_t>(readNumber());
            expect(')');
            uint32_t p = word == "decimal32" ? 9 : word == "decimal64" ? 18 : word == "decimal128" ? 38 : 76;
            if (s > p)
                fail(ErrorCode::ArgumentOutOfBound, "Decimal scale is out of bounds");
            return makeDecimal(p, s);
        }
        if (word == "datetime") {
            std::string tz;
            if (consume('(')) {
                tz = readQuoted();
                expect(')');
            }
            return makeDateTime(tz);
        }
        if (word == "datetime64") {
            uint32_t p = 3;
            std::string tz;
            if (consume('(')) {
                p = static_cast<uint32_t>(readNumber());
                if (consume(','))
                    tz = readQuoted();
                expect(')');
            }
            if (p > 9)
                fail(ErrorCode::ArgumentOutOfBound, "datetime64 precision must be at most 9");
            return makeDateTime64(p, tz);
        }
        if (word == "enum8" || word == "enum16" || word == "enum")
            return readEnum(word);
        if (word == "json" || word == "object")
            return makeType(TypeKind::String);
        fail(ErrorCode::UnknownType, "Unknown data type family: " + word);
    }

    DataTypePtr readTuple()
    {
        expect('(');
        std::vector<DataTypePtr> elems;
        std::vector<std::string> names;
        bool anyNamed = false;
        if (!consume(')')) {
            do {
                // Either "name type" or "type": a name is a word followed by another word.
                size_t save = m_pos;
                std::string first = readWord(/*keepCase=*/true);
                skipSpace();
                if (!first.empty() && m_pos < m_text.size() && (std::isalpha(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_')) {
                    names.push_back(first);
                    anyNamed = true;
                    elems.push_back(readType());
                } else {
                    m_pos = save;
                    names.emplace_back();
                    elems.push_back(readType());
                }
            } while (consume(','));
            expect(')');
        }
        if (!anyNamed)
            names.clear();
        return makeTuple(std::move(elems), std::move(names));
    }

    DataTypePtr readEnum(const std::string &word)
    {
        expect('(');
        auto t = std::make_shared<DataType>();
        int64_t next = 1;
        do {
            std::string label = readQuoted();
            int64_t v = next;
            if (consume('=')) {
                bool neg = consume('-');
                v = static_cast<int64_t>(readNumber());
                if (neg)
                    v = -v;
            }
            next = v + 1;
            t->enumValues.emplace_back(label, static_cast<int16_t>(v));
            if (v < -32768 || v > 32767)
                fail(ErrorCode::ArgumentOutOfBound, "Enum value out of range: " + std::to_string(v));
        } while (consume(','));
        expect(')');
        // ClickHouse keeps enum elements ordered by value (its canonical type name shows them so).
        std::stable_sort(t->enumValues.begin(), t->enumValues.end(), [](auto &a, auto &b) { return a.second < b.second; });
        bool small = std::all_of(t->enumValues.begin(), t->enumValues.end(), [](auto &e) { return e.second >= -128 && e.second <= 127; });
        t->kind = word == "enum16" || (word == "enum" && !small) ? TypeKind::Enum16 : TypeKind::Enum8;
        if (t->kind == TypeKind::Enum8 && !small)
            fail(ErrorCode::ArgumentOutOfBound, "Value for enum8 out of range");
        return t;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] == c;
    }
    bool consume(char c)
    {
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }
    void expect(char c)
    {
        if (!consume(c))
            fail(ErrorCode::SyntaxError, std::string("Expected '") + c + "' in type name at position " + std::to_string(m_pos) + ": " + std::string(m_text));
    }
    void skipParenthesised()
    {
        expect('(');
        int depth = 1;
        while (m_pos < m_text.size() && depth > 0) {
            if (m_text[m_pos] == '(')
                ++depth;
            else if (m_text[m_pos] == ')')
                --depth;
            ++m_pos;
        }
    }
    std::string readWord(bool keepCase = false)
    {
        skipSpace();
        std::string w;
        if (m_pos < m_text.size() && m_text[m_pos] == '`') {
            ++m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != '`')
                w += m_text[m_pos++];
            ++m_pos;
            return w;
        }
        while (m_pos < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_')) {
            char c = m_text[m_pos++];
            w += keepCase ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return w;
    }
    uint64_t readNumber()
    {
        skipSpace();
        size_t start = m_pos;
        uint64_t v = 0;
        while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
            v = v * 10 + static_cast<uint64_t>(m_text[m_pos++] - '0');
        if (start == m_pos)
            fail(ErrorCode::SyntaxError, "Expected a number in type name at position " + std::to_string(m_pos));
        return v;
    }
    std::string readQuoted()
    {
        skipSpace();
        if (m_pos >= m_text.size() || m_text[m_pos] != '\'')
            fail(ErrorCode::SyntaxError, "Expected a quoted string in type name at position " + std::to_string(m_pos));
        ++m_pos;
        std::string s;
        while (m_pos < m_text.size() && m_text[m_pos] != '\'') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            s += m_text[m_pos++];
        }
        if (m_pos >= m_text.size())
            fail(ErrorCode::SyntaxError, "Unterminated string in type name");
        ++m_pos;
        return s;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

} // namespace

bool DataType::isInteger() const
{
    return (kind >= TypeKind::Int8 && kind <= TypeKind::UInt256);
}
bool DataType::isSignedInteger() const { return kind >= TypeKind::Int8 && kind <= TypeKind::Int256; }
bool DataType::isUnsignedInteger() const { return kind >= TypeKind::UInt8 && kind <= TypeKind::UInt256; }
bool DataType::isDecimal() const { return kind >= TypeKind::Decimal32 && kind <= TypeKind::Decimal256; }
bool DataType::isDateOrTime() const { return kind >= TypeKind::Date && kind <= TypeKind::DateTime64; }

size_t DataType::valueSize() const
{
    switch (kind) {
    case TypeKind::Nothing: return 1;
    case TypeKind::Bool: case TypeKind::Int8: case TypeKind::UInt8: case TypeKind::Enum8: return 1;
    case TypeKind::Int16: case TypeKind::UInt16: case TypeKind::Date: case TypeKind::Enum16: return 2;
    case TypeKind::Int32: case TypeKind::UInt32: case TypeKind::Float32: case TypeKind::Decimal32:
    case TypeKind::Date32: case TypeKind::DateTime: case TypeKind::IPv4: return 4;
    case TypeKind::Int64: case TypeKind::UInt64: case TypeKind::Float64: case TypeKind::Decimal64:
    case TypeKind::DateTime64: case TypeKind::Interval: return 8;
    case TypeKind::Int128: case TypeKind::UInt128: case TypeKind::Decimal128: case TypeKind::UUID: case TypeKind::IPv6: return 16;
    case TypeKind::Int256: case TypeKind::UInt256: case TypeKind::Decimal256: return 32;
    case TypeKind::FixedString: return fixedSize;
    default: return 0;
    }
}

std::string DataType::name() const
{
    std::string base;
    for (const auto &kn : kSimpleNames)
        if (kn.kind == kind)
            base = kn.name;
    if (base.empty()) {
        switch (kind) {
        case TypeKind::Decimal32: case TypeKind::Decimal64: case TypeKind::Decimal128: case TypeKind::Decimal256:
            base = "decimal(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
            break;
        case TypeKind::FixedString: base = "fixed_string(" + std::to_string(fixedSize) + ")"; break;
        case TypeKind::DateTime: base = timezone.empty() ? "datetime" : "datetime(" + quote(timezone) + ")"; break;
        case TypeKind::DateTime64:
            base = "datetime64(" + std::to_string(precision) + (timezone.empty() ? "" : ", " + quote(timezone)) + ")";
            break;
        case TypeKind::Enum8: case TypeKind::Enum16: {
            base = kind == TypeKind::Enum8 ? "enum8(" : "enum16(";
            for (size_t i = 0; i < enumValues.size(); ++i)
                base += (i ? ", " : "") + quote(enumValues[i].first) + " = " + std::to_string(enumValues[i].second);
            base += ")";
            break;
        }
        case TypeKind::Interval: base = std::string("interval_") + intervalUnitName(intervalUnit); break;
        case TypeKind::Nullable: base = "nullable(" + children[0]->name() + ")"; break;
        case TypeKind::Array: base = "array(" + children[0]->name() + ")"; break;
        case TypeKind::Map: base = "map(" + children[0]->name() + ", " + children[1]->name() + ")"; break;
        case TypeKind::Tuple: {
            base = "tuple(";
            for (size_t i = 0; i < children.size(); ++i) {
                if (i)
                    base += ", ";
                if (!names.empty() && !names[i].empty())
                    base += names[i] + " ";
                base += children[i]->name();
            }
            base += ")";
            break;
        }
        default: base = "unknown";
        }
    }
    return lowCardinality ? "low_cardinality(" + base + ")" : base;
}

bool DataType::equals(const DataType &o) const
{
    if (kind != o.kind || precision != o.precision || scale != o.scale || fixedSize != o.fixedSize
        || timezone != o.timezone || children.size() != o.children.size() || names != o.names
        || enumValues != o.enumValues || (kind == TypeKind::Interval && intervalUnit != o.intervalUnit))
        return false;
    for (size_t i = 0; i < children.size(); ++i)
        if (!children[i]->equals(*o.children[i]))
            return false;
    return true;
}

DataTypePtr makeType(TypeKind kind)
{
    static const auto table = [] {
        std::array<DataTypePtr, 64> t{};
        for (const auto &kn : kSimpleNames) {
            auto d = std::make_shared<DataType>();
            d->kind = kn.kind;
            t[static_cast<size_t>(kn.kind)] = d;
        }
        auto dt = std::make_shared<DataType>();
        dt->kind = TypeKind::DateTime;
        t[static_cast<size_t>(TypeKind::DateTime)] = dt;
        return t;
    }();
    if (auto &p = table[static_cast<size_t>(kind)])
        return p;
    if (kind == TypeKind::DateTime64)
        return makeDateTime64(3);
    if (kind == TypeKind::Float32 || kind == TypeKind::Float64)
        return table[static_cast<size_t>(kind)];
    auto d = std::make_shared<DataType>();
    d->kind = kind;
    return d;
}

DataTypePtr makeNullable(DataTypePtr inner)
{
    if (inner->isNullable())
        return inner;
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::Nullable;
    d->children = {std::move(inner)};
    return d;
}

DataTypePtr makeArray(DataTypePtr element)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::Array;
    d->children = {std::move(element)};
    return d;
}

DataTypePtr makeMap(DataTypePtr key, DataTypePtr value)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::Map;
    d->children = {std::move(key), std::move(value)};
    return d;
}

DataTypePtr makeTuple(std::vector<DataTypePtr> elements, std::vector<std::string> names)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::Tuple;
    d->children = std::move(elements);
    d->names = std::move(names);
    return d;
}

DataTypePtr makeDecimal(uint32_t precision, uint32_t scale)
{
    auto d = std::make_shared<DataType>();
    d->kind = precision <= 9 ? TypeKind::Decimal32 : precision <= 18 ? TypeKind::Decimal64 : precision <= 38 ? TypeKind::Decimal128 : TypeKind::Decimal256;
    d->precision = precision;
    d->scale = scale;
    return d;
}

DataTypePtr makeDateTime(std::string timezone)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::DateTime;
    d->timezone = std::move(timezone);
    return d;
}

DataTypePtr makeDateTime64(uint32_t precision, std::string timezone)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::DateTime64;
    d->precision = precision;
    d->timezone = std::move(timezone);
    return d;
}

DataTypePtr makeFixedString(uint32_t n)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::FixedString;
    d->fixedSize = n;
    return d;
}

DataTypePtr makeInterval(IntervalUnit unit)
{
    auto d = std::make_shared<DataType>();
    d->kind = TypeKind::Interval;
    d->intervalUnit = unit;
    return d;
}

DataTypePtr removeNullable(const DataTypePtr &type)
{
    return type->isNullable() ? type->children[0] : type;
}

Result<DataTypePtr> parseDataType(std::string_view text)
{
    try {
        TypeReader reader(text);
        auto t = reader.readType();
        if (!reader.atEnd())
            return Status(ErrorCode::SyntaxError, "Unexpected text after type name: " + std::string(text));
        return t;
    } catch (const EngineError &e) {
        return e.status();
    }
}

const char *intervalUnitName(IntervalUnit unit)
{
    static const char *names[] = {"nanosecond", "microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"};
    return names[static_cast<int>(unit)];
}

int64_t intervalUnitNanos(IntervalUnit unit)
{
    switch (unit) {
    case IntervalUnit::Nanosecond: return 1;
    case IntervalUnit::Microsecond: return 1000;
    case IntervalUnit::Millisecond: return 1000000;
    case IntervalUnit::Second: return 1000000000LL;
    case IntervalUnit::Minute: return 60LL * 1000000000LL;
    case IntervalUnit::Hour: return 3600LL * 1000000000LL;
    case IntervalUnit::Day: return 86400LL * 1000000000LL;
    case IntervalUnit::Week: return 7 * 86400LL * 1000000000LL;
    default: return 0;
    }
}

} // namespace tideline::engine
