#pragma once
// Building blocks for string functions. The per-row kernel F is a template parameter captured
// by value, so it is inlined in the column loop (no std::function per row).

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine::fn {

// The extra arguments of a string function, by kind: string-like ones in `strings`, integer
// ones in `ints` (as int64), each in argument order.
struct StringArgs {
    std::vector<ColumnPtr> strings;
    std::vector<const int64_t *> ints;
    std::vector<ColumnPtr> keep;
};

inline size_t utf8Length(std::string_view s)
{
    size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

// Byte offsets where each code point starts.
inline std::vector<size_t> utf8Starts(std::string_view s)
{
    std::vector<size_t> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
            out.push_back(i);
    return out;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// ClickHouse position(): 1-based, counting from `start`; an empty needle is found at `start`.
inline uint64_t findPosition(std::string_view h, std::string_view n, int64_t start, bool caseInsensitive, bool utf8)
{
    if (start < 1)
        start = 1;
    std::vector<size_t> cps = utf8 ? utf8Starts(h) : std::vector<size_t>{};
    size_t units = utf8 ? cps.size() : h.size();
    if (static_cast<size_t>(start) > units + 1)
        return 0;
    size_t from = utf8 ? (static_cast<size_t>(start) - 1 < cps.size() ? cps[static_cast<size_t>(start) - 1] : h.size()) : static_cast<size_t>(start) - 1;
    size_t pos = std::string_view::npos;
    if (!caseInsensitive) {
        pos = h.find(n, from);
    } else {
        for (size_t i = from; i + n.size() <= h.size(); ++i)
            if (equalsIgnoreCase(h.substr(i, n.size()), n)) {
                pos = i;
                break;
            }
    }
    if (pos == std::string_view::npos)
        return 0;
    if (!utf8)
        return pos + 1;
    return static_cast<uint64_t>(std::lower_bound(cps.begin(), cps.end(), pos) - cps.begin()) + 1;
}

inline StringArgs collectStringArgs(const std::vector<ColumnPtr> &c)
{
    StringArgs a;
    for (size_t k = 1; k < c.size(); ++k) {
        if (c[k]->type()->isStringLike()) {
            a.strings.push_back(castColumn(c[k], makeType(TypeKind::String)));
        } else {
            ColumnPtr v = castColumn(c[k], makeType(TypeKind::Int64));
            a.keep.push_back(v);
            a.ints.push_back(v->data<int64_t>());
        }
    }
    return a;
}

inline void checkStringArgs(const std::string &name, const std::vector<FunctionArg> &args)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const DataTypePtr &t = args[i].type;
        bool ok = t && (i == 0 ? t->isStringLike() : (t->isStringLike() || isIntegerType(*t)));
        if (!ok)
            illegalType(name, t, i + 1);
    }
}

// Registers name(s, extra...) -> string with f(s, args, row, out).
template <typename F>
void addStringMap(FunctionRegistry &r, const std::string &name, size_t minArgs, F f, size_t maxArgs = 0)
{
    maxArgs = std::max(minArgs, maxArgs);
    add(r, name, "string", name + "(s, ...)", name, [name, minArgs, maxArgs, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, minArgs, maxArgs);
        checkStringArgs(name, args);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], rt);
                                 StringArgs a = collectStringArgs(c);
                                 auto out = Column::create(rt, rows);
                                 std::string buf;
                                 for (size_t i = 0; i < rows; ++i) {
                                     f(s->stringAt(i), a, i, buf);
                                     out->pushString(buf);
                                 }
                                 return out;
                             }};
    });
}

// Registers name(s, pattern) -> uint8 with f(s, pattern).
template <typename F>
void addStringPredicate(FunctionRegistry &r, const std::string &name, F f)
{
    add(r, name, "string", name + "(s, prefix)", name, [name, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 2, 2);
        for (size_t i = 0; i < 2; ++i)
            if (!args[i].type || !args[i].type->isStringLike())
                illegalType(name, args[i].type, i + 1);
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return BoundFunction{rt, [rt, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String)), p = castColumn(c[1], makeType(TypeKind::String));
                                 return generate<uint8_t>(rt, rows, [&](size_t i) { return static_cast<uint8_t>(f(s->stringAt(i), p->stringAt(i))); });
                             }};
    });
}

// Registers name(s) -> number with f(s).
template <typename R, typename F>
void addStringToNumber(FunctionRegistry &r, const std::string &name, TypeKind kind, F f)
{
    add(r, name, "string", name + "(s)", name, [name, kind, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, 1, 1);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType(name, args[0].type, 1);
        DataTypePtr rt = makeType(kind);
        return BoundFunction{rt, [rt, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                 return generate<R>(rt, rows, [&](size_t i) { return f(s->stringAt(i)); });
                             }};
    });
}

} // namespace tideline::engine::fn
