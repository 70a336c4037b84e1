#pragma once
// Test helpers for scalar functions: build columns from text, call a function through the
// registry (constants as 1-row columns, broadcast for execution), and render results as text.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/functions/Function.h"
#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/TimeHelpers.h"

namespace ftest {

using namespace tideline::engine;
using namespace tideline::engine::fn;

inline DataTypePtr T(const std::string &name)
{
    auto t = parseDataType(name);
    if (!t.isOk())
        throw std::runtime_error("bad type " + name);
    return *t;
}

// A column of `type` from text values; "NULL" is NULL for nullable types. Arrays: "[1,2]" is
// not parsed here; use arr() instead.
inline ColumnPtr C(const std::string &type, const std::vector<std::string> &values)
{
    DataTypePtr t = T(type);
    DataTypePtr inner = removeNullable(t);
    auto strings = Column::create(makeType(TypeKind::String));
    std::vector<uint8_t> nulls;
    for (const auto &v : values) {
        bool isNull = t->isNullable() && v == "NULL";
        nulls.push_back(isNull);
        strings->pushString(isNull ? (inner->isStringLike() ? "" : inner->isDateOrTime() ? (inner->kind == TypeKind::Date ? "1970-01-01" : "1970-01-01 00:00:00") : "0") : v);
    }
    ColumnPtr base = inner->kind == TypeKind::String ? ColumnPtr(strings) : fn::parseStrings(strings, inner);
    return t->isNullable() ? fn::wrapNullable(base, nulls) : base;
}

inline ColumnPtr S(const std::vector<std::string> &values) { return C("string", values); }

// An array column from rows of element columns built by C(elemType, row).
inline ColumnPtr arr(const std::string &elemType, const std::vector<std::vector<std::string>> &rows)
{
    auto out = Column::create(makeArray(T(elemType)));
    for (const auto &r : rows) {
        ColumnPtr e = C(elemType, r);
        out->children[0]->pushRange(*e, 0, e->size());
        out->offsets.push_back(out->children[0]->size());
    }
    out->setSize(rows.size());
    return out;
}

struct In {
    In(ColumnPtr c, bool k = false) : col(std::move(c)), constant(k) {}
    In(MutableColumnPtr c, bool k = false) : col(std::move(c)), constant(k) {}
    In(std::shared_ptr<LambdaArg> l) : lambda(std::move(l)) {}
    ColumnPtr col;
    bool constant = false;
    std::shared_ptr<LambdaArg> lambda;
};
inline In K(ColumnPtr c) { return In(std::move(c), true); }

inline std::string render(const Column &c, size_t i);

inline std::string renderNumber(const Column &c, size_t i)
{
    std::string out;
    const DataType &t = *c.type();
    if (t.kind == TypeKind::Bool)
        return c.data<uint8_t>()[i] ? "true" : "false";
    if (t.kind == TypeKind::Date || t.kind == TypeKind::Date32) {
        int64_t d = fn::intAt(c, i);
        auto cd = fn::civilFromDays(d);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(cd.year), cd.month, cd.day);
        return buf;
    }
    if (t.kind == TypeKind::DateTime || t.kind == TypeKind::DateTime64) {
        auto zone = fn::Zone::get(t.timezone);
        int64_t tps = fn::ticksPerSecond(t), v = fn::intAt(c, i), s = fn::floorDiv(v, tps);
        auto lt = zone.toLocal(s);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d", static_cast<long long>(lt.year), lt.month, lt.day, lt.hour, lt.minute, lt.second);
        std::string r = buf;
        if (t.kind == TypeKind::DateTime64 && t.precision) {
            std::string f = std::to_string(v - s * tps);
            r += "." + std::string(t.precision - f.size(), '0') + f;
        }
        return r;
    }
    if (t.isDecimal()) {
        Int128 v = 0;
        dispatchNumeric(t.kind, [&]<typename X>() { v = static_cast<Int128>(c.data<X>()[i]); });
        bool neg = v < 0;
        if (neg)
            v = -v;
        std::string digits;
        do {
            digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
            v /= 10;
        } while (v);
        while (digits.size() <= t.scale)
            digits.insert(digits.begin(), '0');
        if (t.scale)
            digits.insert(digits.end() - t.scale, '.');
        return (neg ? "-" : "") + digits;
    }
    dispatchNumeric(t.kind, [&]<typename X>() {
        if constexpr (std::is_floating_point_v<X>) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.15g", static_cast<double>(c.data<X>()[i]));
            out = buf;
            if (out == "-nan")
                out = "nan";
        } else if constexpr (sizeof(X) <= 8) {
            out = std::to_string(c.data<X>()[i]);
        }
    });
    return out;
}

inline std::string render(const Column &c, size_t i)
{
    const DataType &t = *c.type();
    switch (t.kind) {
    case TypeKind::Nullable: return c.nullMap[i] ? "NULL" : render(*c.children[0], i);
    case TypeKind::Nothing: return "NULL";
    case TypeKind::String: return std::string(c.stringAt(i));
    case TypeKind::FixedString: return std::string(reinterpret_cast<const char *>(c.fixed.data()) + i * t.fixedSize, t.fixedSize);
    case TypeKind::Array: {
        std::string s = "[";
        for (uint64_t k = c.arrayBegin(i); k < c.arrayEnd(i); ++k)
            s += (k > c.arrayBegin(i) ? "," : "") + render(*c.children[0], k);
        return s + "]";
    }
    case TypeKind::Map: {
        std::string s = "{";
        for (uint64_t k = c.arrayBegin(i); k < c.arrayEnd(i); ++k)
            s += (k > c.arrayBegin(i) ? "," : "") + render(*c.children[0], k) + ":" + render(*c.children[1], k);
        return s + "}";
    }
    case TypeKind::Tuple: {
        std::string s = "(";
        for (size_t k = 0; k < c.children.size(); ++k)
            s += (k ? "," : "") + render(*c.children[k], i);
        return s + ")";
    }
    default: return renderNumber(c, i);
    }
}

struct Out {
    std::string type;
    std::vector<std::string> values;
};

inline BoundFunction bind(const std::string &name, const std::vector<In> &args, const FunctionContext &ctx = {})
{
    std::vector<FunctionArg> fa;
    for (const auto &a : args) {
        FunctionArg f;
        if (a.lambda) {
            f.lambda = a.lambda;
        } else {
            f.type = a.col->type();
            if (a.constant)
                f.constant = a.col;
        }
        fa.push_back(f);
    }
    return FunctionRegistry::instance().resolve(name, fa, ctx);
}

inline Out run(const std::string &name, const std::vector<In> &args, const FunctionContext &ctx = {})
{
    BoundFunction b = bind(name, args, ctx);
    size_t rows = 1;
    for (const auto &a : args)
        if (!a.constant && !a.lambda)
            rows = a.col->size();
    std::vector<ColumnPtr> cols;
    for (const auto &a : args)
        cols.push_back(a.lambda ? nullptr : a.constant ? ColumnPtr(a.col->broadcast(rows)) : a.col);
    ColumnPtr r = b.exec(cols, rows);
    Out out;
    out.type = b.returnType->name();
    EXPECT_EQ(r->size(), rows) << name;
    EXPECT_TRUE(r->type()->equals(*b.returnType)) << name << ": column type " << r->type()->name() << " vs " << out.type;
    for (size_t i = 0; i < r->size(); ++i)
        out.values.push_back(render(*r, i));
    return out;
}

inline int errorCode(const std::function<void()> &f)
{
    try {
        f();
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

using V = std::vector<std::string>;

} // namespace ftest

#define EXPECT_FN(call, expType, ...)                                      \
    do {                                                                   \
        ftest::Out o_ = (call);                                            \
        EXPECT_EQ(o_.type, expType) << #call;                              \
        EXPECT_EQ(o_.values, (ftest::V{__VA_ARGS__})) << #call;            \
    } while (0)
