// Implementation of FunctionHelpers.h and TimeHelpers.h (shared by all scalar families).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

// pow10 lives in ArithmeticFunctions.cpp.

namespace tideline::engine::fn {

void illegalType(const std::string &function, const DataTypePtr &type, size_t argIndex)
{
    std::string ord = argIndex ? " of argument " + std::to_string(argIndex) : " of argument";
    fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + (type ? type->name() : std::string("lambda")) + ord + " of function " + function);
}

void checkArgCount(const std::string &function, const std::vector<FunctionArg> &args, size_t min, size_t max)
{
    if (args.size() < min || args.size() > max) {
        std::string expected = min == max ? std::to_string(min) : std::to_string(min) + (max == SIZE_MAX ? " or more" : " to " + std::to_string(max));
        fail(ErrorCode::NumberOfArgumentsDoesntMatch, "Number of arguments for function " + function + " doesn't match: passed "
                 + std::to_string(args.size()) + ", should be " + expected);
    }
}

bool isNumberType(const DataType &t)
{
    return t.kind == TypeKind::Bool || (t.kind >= TypeKind::Int8 && t.kind <= TypeKind::Float64 && t.kind != TypeKind::Int256
                                        && t.kind != TypeKind::UInt256);
}

bool isIntegerType(const DataType &t)
{
    switch (t.kind) {
    case TypeKind::Bool: case TypeKind::Int8: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::UInt8: case TypeKind::UInt16: case TypeKind::UInt32: case TypeKind::UInt64: return true;
    default: return false;
    }
}

bool isDateLike(const DataType &t) { return t.isDateOrTime(); }

std::string constString(const std::string &function, const FunctionArg &arg)
{
    if (!arg.constant || !arg.type || !arg.type->isStringLike())
        fail(ErrorCode::IllegalColumn, "Argument of function " + function + " must be a constant string");
    if (arg.type->kind == TypeKind::FixedString)
        return std::string(reinterpret_cast<const char *>(arg.constant->fixed.data()), arg.type->fixedSize);
    return std::string(arg.constant->stringAt(0));
}

std::optional<int64_t> tryConstInt(const FunctionArg &arg)
{
    if (!arg.constant || !arg.type || !(isIntegerType(*arg.type) || arg.type->kind == TypeKind::Interval))
        return std::nullopt;
    return intAt(*arg.constant, 0);
}

int64_t constInt(const std::string &function, const FunctionArg &arg)
{
    auto v = tryConstInt(arg);
    if (!v)
        fail(ErrorCode::IllegalColumn, "Argument of function " + function + " must be a constant integer");
    return *v;
}

double numberAt(const Column &col, size_t row)
{
    double v = 0;
    dispatchNumeric(col.type()->kind, [&]<typename T>() { v = static_cast<double>(col.data<T>()[row]); });
    if (col.type()->isDecimal())
        v /= std::pow(10.0, col.type()->scale);
    return v;
}

int64_t intAt(const Column &col, size_t row)
{
    int64_t v = 0;
    dispatchNumeric(col.type()->kind, [&]<typename T>() { v = static_cast<int64_t>(col.data<T>()[row]); });
    return v;
}

DataTypePtr numberType(TypeKind kind) { return makeType(kind == TypeKind::Bool ? TypeKind::UInt8 : kind); }

MutableColumnPtr makeFixedColumn(const DataTypePtr &type, size_t rows)
{
    auto c = Column::create(type);
    c->fixed.assign(rows * type->valueSize(), 0);
    c->setSize(rows);
    return c;
}

ColumnPtr wrapNullable(const ColumnPtr &values, std::vector<uint8_t> nullMap)
{
    auto out = Column::create(makeNullable(values->type()));
    out->children[0] = std::const_pointer_cast<Column>(values);
    out->nullMap = std::move(nullMap);
    out->setSize(values->size());
    return out;
}

ColumnPtr selectRows(const std::vector<ColumnPtr> &sources, const std::vector<uint8_t> &choice, size_t rows, const DataTypePtr &type)
{
    auto out = Column::create(type, rows);
    size_t w = type->valueSize();
    if (type->isNullable()) {
        std::vector<ColumnPtr> inner;
        for (const auto &s : sources)
            inner.push_back(s->children[0]);
        out->nullMap.resize(rows);
        for (size_t r = 0; r < rows; ++r)
            out->nullMap[r] = sources[choice[r]]->nullMap[r];
        out->children[0] = std::const_pointer_cast<Column>(selectRows(inner, choice, rows, type->children[0]));
        out->setSize(rows);
    } else if (w) {
        out->fixed.resize(rows * w);
        for (size_t r = 0; r < rows; ++r)
            std::memcpy(out->fixed.data() + r * w, sources[choice[r]]->fixed.data() + r * w, w);
        out->setSize(rows);
    } else if (type->kind == TypeKind::String) {
        for (size_t r = 0; r < rows; ++r)
            out->pushString(sources[choice[r]]->stringAt(r));
    } else {
        for (size_t r = 0; r < rows; ++r)
            out->pushFrom(*sources[choice[r]], r);
    }
    return out;
}

void add(FunctionRegistry &registry, const std::string &name, const std::string &category, const std::string &signature,
         const std::string &doc, FunctionResolver resolver, bool handlesNulls)
{
    FunctionInfo info;
    info.name = name;
    info.category = category;
    info.signature = signature;
    info.doc = doc;
    info.resolve = std::move(resolver);
    info.handlesNulls = handlesNulls;
    registry.add(std::move(info));
}

namespace {

bool parseNumber(std::string_view s, const DataType &t, Column &out)
{
    bool ok = false;
    dispatchNumeric(t.kind, [&]<typename T>() {
        if constexpr (sizeof(T) <= 8) {
            T v{};
            const char *b = s.data(), *e = s.data() + s.size();
            if (b != e && *b == '+')
                ++b;
            auto r = std::from_chars(b, e, v);
            ok = r.ec == std::errc() && r.ptr == e;
            out.push<T>(v);
        }
    });
    return ok;
}

} // namespace

ColumnPtr parseStrings(const ColumnPtr &strings, const DataTypePtr &target)
{
    const Column &src = *strings;
    auto out = Column::create(target, src.size());
    Zone zone = Zone::get(target->timezone);
    for (size_t i = 0; i < src.size(); ++i) {
        std::string_view s = src.stringAt(i);
        bool ok = true;
        int64_t secs = 0, ticks = 0, days = 0;
        switch (target->kind) {
        case TypeKind::Date: ok = parseDateText(s, days); out->push<uint16_t>(static_cast<uint16_t>(days)); break;
        case TypeKind::Date32: ok = parseDateText(s, days); out->push<int32_t>(static_cast<int32_t>(days)); break;
        case TypeKind::DateTime: ok = parseDateTimeText(s, zone, 0, secs, ticks); out->push<uint32_t>(static_cast<uint32_t>(secs)); break;
        case TypeKind::DateTime64:
            ok = parseDateTimeText(s, zone, target->precision, secs, ticks);
            out->push<int64_t>(secs * pow10(target->precision) + ticks);
            break;
        case TypeKind::Bool:
            ok = s == "true" || s == "false" || s == "1" || s == "0";
            out->push<uint8_t>(s == "true" || s == "1");
            break;
        case TypeKind::Enum8: case TypeKind::Enum16: {
            auto it = std::find_if(target->enumValues.begin(), target->enumValues.end(), [&](const auto &p) { return p.first == s; });
            ok = it != target->enumValues.end();
            int16_t v = ok ? it->second : 0;
            if (target->kind == TypeKind::Enum8)
                out->push<int8_t>(static_cast<int8_t>(v));
            else
                out->push<int16_t>(v);
            break;
        }
        default:
            if (!isNumberType(*target))
                fail(ErrorCode::CannotConvertType, "Cannot convert string to " + target->name());
            ok = parseNumber(s, *target, *out);
        }
        if (!ok) {
            ErrorCode code = target->kind == TypeKind::Date || target->kind == TypeKind::Date32 ? ErrorCode::CannotParseDate
                : target->isDateOrTime() ? ErrorCode::CannotParseDateTime : isNumberType(*target) ? ErrorCode::CannotParseNumber : ErrorCode::CannotParseText;
            fail(code, "Cannot parse string '" + std::string(s) + "' as " + target->name());
        }
    }
    return out;
}

// ---- time zones -------------------------------------------------------------------------------

Zone Zone::get(const std::string &name)
{
    Zone z;
    if (name.empty() || name == "UTC" || name == "Etc/UTC" || name == "UCT" || name == "GMT" || name == "Etc/GMT") {
        z.m_name = name.empty() ? "UTC" : name;
        return z;
    }
    static std::mutex mutex;
    static std::unordered_map<std::string, absl::time_internal::cctz::time_zone> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(name);
    if (it == cache.end()) {
        absl::time_internal::cctz::time_zone tz;
        if (!absl::time_internal::cctz::load_time_zone(name, &tz))
            fail(ErrorCode::BadArguments, "Cannot load time zone " + name);
        it = cache.emplace(name, tz).first;
    }
    z.m_name = name;
    z.m_zone = it->second;
    z.m_utc = false;
    return z;
}

namespace {

bool readDigits(std::string_view s, size_t &pos, size_t n, int64_t &out)
{
    if (pos + n > s.size())
        return false;
    out = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + (c - '0');
    }
    pos += n;
    return true;
}

bool readDatePart(std::string_view s, size_t &pos, int64_t &y, int64_t &m, int64_t &d)
{
    if (!readDigits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !readDigits(s, pos, 2, m) || pos >= s.size()
        || s[pos++] != '-' || !readDigits(s, pos, 2, d))
        return false;
    return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, static_cast<unsigned>(m));
}

} // namespace

bool parseDateText(std::string_view s, int64_t &dayNum)
{
    size_t pos = 0;
    int64_t y, m, d;
    if (!readDatePart(s, pos, y, m, d))
        return false;
    dayNum = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return true;
}

bool parseDateTimeText(std::string_view s, const Zone &zone, uint32_t precision, int64_t &seconds, int64_t &ticks)
{
    size_t pos = 0;
    int64_t y, mo, d, h = 0, mi = 0, sec = 0;
    ticks = 0;
    if (!readDatePart(s, pos, y, mo, d))
        return false;
    if (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) {
        ++pos;
        if (!readDigits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !readDigits(s, pos, 2, mi) || pos >= s.size()
            || s[pos++] != ':' || !readDigits(s, pos, 2, sec))
            return false;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            uint32_t digits = 0;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                if (digits < precision) {
                    ticks = ticks * 10 + (s[pos] - '0');
                    ++digits;
                }
                ++pos;
            }
            for (; digits < precision; ++digits)
                ticks *= 10;
        }
    }
    bool utc = false;
    int64_t offset = 0; // an explicit offset ('Z', '+00:00', '-0530') overrides the zone
    if (pos < s.size() && s[pos] == 'Z') {
        utc = true;
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int sign = s[pos++] == '-' ? -1 : 1;
        int64_t oh = 0, om = 0;
        if (!readDigits(s, pos, 2, oh))
            return false;
        if (pos < s.size() && s[pos] == ':')
            ++pos;
        if (pos < s.size() && !readDigits(s, pos, 2, om))
            return false;
        utc = true;
        offset = sign * (oh * 3600 + om * 60);
    }
    if (pos != s.size() || h > 23 || mi > 59 || sec > 59)
        return false;
    seconds = utc ? daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec - offset
                  : zone.fromLocal(y, static_cast<int>(mo), static_cast<int>(d), static_cast<int>(h), static_cast<int>(mi), static_cast<int>(sec));
    return true;
}

} // namespace tideline::engine::fn
