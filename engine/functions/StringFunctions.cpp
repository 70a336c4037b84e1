// Strings (part 1): length, lower/upper, concat, substring, left/right, trim, starts_with,
// ends_with, position, replace_one/replace_all, reverse, repeat, empty/not_empty.
// Byte-oriented functions work on bytes; *_utf8 variants count code points. Case mapping of
// the *_utf8 variants covers ASCII only (ClickHouse maps all of Unicode).
#include <algorithm>
#include <cctype>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/StringHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerStringFunctions2(FunctionRegistry &registry);

namespace {

void addLength(FunctionRegistry &r)
{
    add(r, "length", "string", "length(s | array | map)", "bytes of a string, elements of an array", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("length", args, 1, 1);
        const DataTypePtr &t = args[0].type;
        if (!t || !(t->isStringLike() || t->kind == TypeKind::Array || t->kind == TypeKind::Map))
            illegalType("length", t, 1);
        DataTypePtr rt = makeType(TypeKind::UInt64);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &x = *c[0];
                                 if (x.type()->kind == TypeKind::FixedString)
                                     return makeFilled<uint64_t>(rt, rows, x.type()->fixedSize);
                                 return generate<uint64_t>(rt, rows, [&](size_t i) { return x.offsets[i] - x.arrayBegin(i); });
                             }};
    });
    for (bool notEmpty : {false, true}) {
        std::string name = notEmpty ? "not_empty" : "empty";
        add(r, name, "string", name + "(s | array | map)", "whether the value is (not) empty", [name, notEmpty](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 1, 1);
            const DataTypePtr &t = args[0].type;
            if (!t || !(t->isStringLike() || t->kind == TypeKind::Array || t->kind == TypeKind::Map || t->kind == TypeKind::UUID))
                illegalType(name, t, 1);
            DataTypePtr rt = makeType(TypeKind::UInt8);
            return BoundFunction{rt, [rt, notEmpty](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     const Column &x = *c[0];
                                     size_t w = x.type()->valueSize();
                                     return generate<uint8_t>(rt, rows, [&](size_t i) {
                                         bool empty = w ? std::all_of(x.fixed.begin() + i * w, x.fixed.begin() + (i + 1) * w, [](uint8_t b) { return b == 0; })
                                                        : x.offsets[i] == x.arrayBegin(i);
                                         return static_cast<uint8_t>(empty != notEmpty);
                                     });
                                 }};
        });
    }
    addStringToNumber<uint64_t>(r, "length_utf8", TypeKind::UInt64, [](std::string_view s) { return static_cast<uint64_t>(utf8Length(s)); });
    r.addAlias("char_length", "length_utf8");
    r.addAlias("character_length", "length_utf8");
}

void addCase(FunctionRegistry &r)
{
    for (bool upper : {false, true}) {
        for (const char *suffix : {"", "_utf8"}) {
            std::string name = std::string(upper ? "upper" : "lower") + suffix;
            addStringMap(r, name, 1, [upper](std::string_view s, const StringArgs &, size_t, std::string &out) {
                out.assign(s);
                for (char &ch : out)
                    ch = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(ch)) : std::tolower(static_cast<unsigned char>(ch)));
            });
        }
    }
    r.addAlias("ucase", "upper");
    r.addAlias("lcase", "lower");
}

void addConcat(FunctionRegistry &r)
{
    add(r, "concat", "string", "concat(s1, s2, ...)", "concatenation (also ||)", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("concat", args, 1, SIZE_MAX);
        for (size_t i = 0; i < args.size(); ++i)
            if (!args[i].type || !args[i].type->isStringLike())
                illegalType("concat", args[i].type, i + 1);
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> s;
                                 for (const auto &col : c)
                                     s.push_back(castColumn(col, rt));
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i) {
                                     for (const auto &col : s) {
                                         auto v = col->stringAt(i);
                                         out->chars.insert(out->chars.end(), v.begin(), v.end());
                                     }
                                     out->offsets.push_back(out->chars.size());
                                 }
                                 out->setSize(rows);
                                 return out;
                             }};
    });
}

// ClickHouse substring window: 1-based offset, negative from the end, 0 = empty; a negative
// length drops characters from the end.
std::pair<int64_t, int64_t> window(int64_t size, int64_t offset, std::optional<int64_t> length)
{
    if (offset == 0)
        return {0, 0};
    int64_t start = offset > 0 ? offset - 1 : size + offset;
    int64_t end = !length ? size : *length >= 0 ? start + *length : size + *length;
    start = std::clamp<int64_t>(start, 0, size);
    end = std::clamp<int64_t>(end, start, size);
    return {start, end};
}

void addSubstring(FunctionRegistry &r)
{
    for (bool utf8 : {false, true}) {
        std::string name = utf8 ? "substring_utf8" : "substring";
        addStringMap(r, name, 2, [utf8](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
            std::optional<int64_t> len;
            if (a.ints.size() > 1)
                len = a.ints[1][i];
            if (!utf8) {
                auto [b, e] = window(static_cast<int64_t>(s.size()), a.ints[0][i], len);
                out.assign(s.substr(static_cast<size_t>(b), static_cast<size_t>(e - b)));
                return;
            }
            std::vector<size_t> cps = utf8Starts(s);
            auto [b, e] = window(static_cast<int64_t>(cps.size()), a.ints[0][i], len);
            size_t bb = b < static_cast<int64_t>(cps.size()) ? cps[static_cast<size_t>(b)] : s.size();
            size_t ee = e < static_cast<int64_t>(cps.size()) ? cps[static_cast<size_t>(e)] : s.size();
            out.assign(s.substr(bb, ee - bb));
        }, 3);
    }
    r.addAlias("substr", "substring");
    r.addAlias("mid", "substring");
    for (bool right : {false, true})
        for (bool utf8 : {false, true}) {
            std::string name = std::string(right ? "right" : "left") + (utf8 ? "_utf8" : "");
            addStringMap(r, name, 2, [right, utf8](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
                int64_t n = a.ints[0][i];
                std::vector<size_t> cps = utf8 ? utf8Starts(s) : std::vector<size_t>{};
                int64_t size = utf8 ? static_cast<int64_t>(cps.size()) : static_cast<int64_t>(s.size());
                int64_t b = right ? (n >= 0 ? size - n : -n) : 0, e = right ? size : (n >= 0 ? n : size + n);
                b = std::clamp<int64_t>(b, 0, size);
                e = std::clamp<int64_t>(e, b, size);
                auto pos = [&](int64_t k) { return utf8 ? (k < size ? cps[static_cast<size_t>(k)] : s.size()) : static_cast<size_t>(k); };
                out.assign(s.substr(pos(b), pos(e) - pos(b)));
            });
        }
}

void addTrim(FunctionRegistry &r)
{
    struct T { const char *name; bool left, right; };
    for (T t : {T{"trim_both", true, true}, T{"trim_left", true, false}, T{"trim_right", false, true}}) {
        bool l = t.left, rr = t.right;
        addStringMap(r, t.name, 1, [l, rr](std::string_view s, const StringArgs &, size_t, std::string &out) {
            size_t b = 0, e = s.size();
            while (l && b < e && s[b] == ' ')
                ++b;
            while (rr && e > b && s[e - 1] == ' ')
                --e;
            out.assign(s.substr(b, e - b));
        });
    }
    r.addAlias("trim", "trim_both");
    r.addAlias("ltrim", "trim_left");
    r.addAlias("rtrim", "trim_right");
}

void addSearch(FunctionRegistry &r)
{
    addStringPredicate(r, "starts_with", [](std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; });
    addStringPredicate(r, "ends_with", [](std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; });
    for (int variant = 0; variant < 3; ++variant) {
        std::string name = variant == 0 ? "position" : variant == 1 ? "position_case_insensitive" : "position_utf8";
        add(r, name, "string", name + "(haystack, needle[, start])", "1-based position of needle, 0 if absent", [name, variant](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 3);
            for (size_t i = 0; i < 2; ++i)
                if (!args[i].type || !args[i].type->isStringLike())
                    illegalType(name, args[i].type, i + 1);
            DataTypePtr rt = makeType(TypeKind::UInt64);
            return BoundFunction{rt, [rt, variant](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr h = castColumn(c[0], makeType(TypeKind::String)), n = castColumn(c[1], makeType(TypeKind::String));
                                     ColumnPtr st = c.size() > 2 ? castColumn(c[2], makeType(TypeKind::Int64)) : nullptr;
                                     return generate<uint64_t>(rt, rows, [&](size_t i) {
                                         return findPosition(h->stringAt(i), n->stringAt(i), st ? st->data<int64_t>()[i] : 1, variant == 1, variant == 2);
                                     });
                                 }};
        });
    }
    r.addAlias("locate", "position");
}

void addReplace(FunctionRegistry &r)
{
    for (bool all : {false, true}) {
        std::string name = all ? "replace_all" : "replace_one";
        addStringMap(r, name, 3, [all](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
            std::string_view from = a.strings[0]->stringAt(i), to = a.strings[1]->stringAt(i);
            out.clear();
            if (from.empty()) {
                out.assign(s);
                return;
            }
            size_t pos = 0;
            while (true) {
                size_t f = s.find(from, pos);
                if (f == std::string_view::npos) {
                    break;
                }
                out.append(s.substr(pos, f - pos)).append(to);
                pos = f + from.size();
                if (!all)
                    break;
            }
            out.append(s.substr(pos));
        });
    }
    r.addAlias("replace", "replace_all");
    addStringMap(r, "repeat", 2, [](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
        int64_t n = a.ints[0][i];
        if (n > 1000000 || s.size() * static_cast<size_t>(std::max<int64_t>(n, 0)) > (1u << 30))
            fail(ErrorCode::TooLargeStringSize, "Too large string size in function repeat");
        out.clear();
        for (int64_t k = 0; k < n; ++k)
            out.append(s);
    });
    addStringMap(r, "reverse_utf8", 1, [](std::string_view s, const StringArgs &, size_t, std::string &out) {
        std::vector<size_t> cps = utf8Starts(s);
        out.clear();
        for (size_t k = cps.size(); k-- > 0;)
            out.append(s.substr(cps[k], (k + 1 < cps.size() ? cps[k + 1] : s.size()) - cps[k]));
    });
}

} // namespace

void registerStringFunctions(FunctionRegistry &registry)
{
    addLength(registry);
    addCase(registry);
    addConcat(registry);
    addSubstring(registry);
    addTrim(registry);
    addSearch(registry);
    addReplace(registry);
    registerStringFunctions2(registry);
}

} // namespace tideline::engine
