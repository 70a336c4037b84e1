// Strings (part 2): split_by_char/string/regexp, array_string_concat, format, pad_left/right,
// like/ilike, to_valid_utf8, base64, hex/unhex and the URL functions.
#include <re2/re2.h>

#include <memory>

#include "engine/functions/FunctionHelpers.h"
#include "engine/functions/StringHelpers.h"

namespace tideline::engine {

using namespace fn;

void registerStringFunctions3(FunctionRegistry &registry);

namespace {

// Splits each row of `s` with f(sv, pieces) into an array(string) column.
template <typename F>
ColumnPtr splitColumn(const Column &s, size_t rows, F f)
{
    DataTypePtr st = makeType(TypeKind::String);
    auto out = Column::create(makeArray(st), rows);
    std::vector<std::string_view> pieces;
    for (size_t i = 0; i < rows; ++i) {
        pieces.clear();
        f(i, s.stringAt(i), pieces);
        for (auto p : pieces)
            out->children[0]->pushString(p);
        out->offsets.push_back(out->children[0]->size());
    }
    out->setSize(rows);
    return out;
}

void splitOn(std::string_view s, std::string_view sep, std::vector<std::string_view> &pieces, int64_t max)
{
    if (sep.empty()) { // ClickHouse: an empty separator splits into single bytes
        for (size_t i = 0; i < s.size() && (max <= 0 || static_cast<int64_t>(pieces.size()) < max); ++i)
            pieces.push_back(s.substr(i, 1));
        return;
    }
    size_t pos = 0;
    while (max <= 0 || static_cast<int64_t>(pieces.size()) < max) {
        size_t f = s.find(sep, pos);
        if (f == std::string_view::npos) {
            pieces.push_back(s.substr(pos));
            break;
        }
        pieces.push_back(s.substr(pos, f - pos));
        pos = f + sep.size();
    }
}

void addSplit(FunctionRegistry &r)
{
    for (int kind = 0; kind < 3; ++kind) {
        std::string name = kind == 0 ? "split_by_char" : kind == 1 ? "split_by_string" : "split_by_regexp";
        add(r, name, "string", name + "(separator, s[, max_substrings])", "splits s into an array", [name, kind](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 3);
            std::string sep = constString(name, args[0]);
            if (!args[1].type || !args[1].type->isStringLike())
                illegalType(name, args[1].type, 2);
            if (kind == 0 && sep.size() != 1)
                fail(ErrorCode::BadArguments, "Illegal separator for function split_by_char. Must be exactly one byte.");
            int64_t max = args.size() > 2 ? constInt(name, args[2]) : 0;
            auto re = kind == 2 ? std::make_shared<RE2>(sep) : nullptr;
            if (re && !re->ok())
                fail(ErrorCode::BadArguments, "Invalid regular expression: " + re->error());
            return BoundFunction{makeArray(makeType(TypeKind::String)), [sep, re, max](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr s = castColumn(c[1], makeType(TypeKind::String));
                                     return splitColumn(*s, rows, [&](size_t, std::string_view v, std::vector<std::string_view> &out) {
                                         if (!re)
                                             return splitOn(v, sep, out, max);
                                         re2::StringPiece input(v.data(), v.size()), m;
                                         size_t pos = 0;
                                         while ((max <= 0 || static_cast<int64_t>(out.size()) + 1 < max) && pos <= v.size()
                                                && re->Match(input, pos, v.size(), RE2::UNANCHORED, &m, 1)) {
                                             size_t b = static_cast<size_t>(m.data() - v.data());
                                             if (m.empty()) { // an empty match splits nothing: step over one byte
                                                 if (b >= v.size())
                                                     break;
                                                 out.push_back(v.substr(pos, b + 1 - pos));
                                                 pos = b + 1;
                                                 continue;
                                             }
                                             if (b > pos || !out.empty() || b > 0)
                                                 out.push_back(v.substr(pos, b - pos));
                                             pos = b + m.size();
                                         }
                                         if (pos < v.size())
                                             out.push_back(v.substr(pos));
                                     });
                                 }};
        });
    }
}

void addArrayStringConcat(FunctionRegistry &r)
{
    add(r, "array_string_concat", "string", "array_string_concat(arr[, separator])", "joins array elements", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("array_string_concat", args, 1, 2);
        const DataTypePtr &t = args[0].type;
        if (!t || t->kind != TypeKind::Array || !removeNullable(t->children[0])->isStringLike())
            illegalType("array_string_concat", t, 1);
        std::string sep = args.size() > 1 ? constString("array_string_concat", args[1]) : std::string();
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt, sep](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 const Column &a = *c[0];
                                 ColumnPtr elems = a.children[0];
                                 auto out = Column::create(rt, rows);
                                 std::string buf;
                                 for (size_t i = 0; i < rows; ++i) {
                                     buf.clear();
                                     bool first = true;
                                     for (uint64_t k = a.arrayBegin(i); k < a.arrayEnd(i); ++k) {
                                         if (elems->isNullAt(k))
                                             continue; // NULL elements are skipped, as ClickHouse
                                         const Column &v = elems->type()->isNullable() ? *elems->children[0] : *elems;
                                         buf.append(first ? "" : sep).append(v.stringAt(k));
                                         first = false;
                                     }
                                     out->pushString(buf);
                                 }
                                 return out;
                             }};
    });
}

void addFormat(FunctionRegistry &r)
{
    add(r, "format", "string", "format(pattern, s1, s2, ...)", "replaces {} / {n} in pattern", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("format", args, 1, SIZE_MAX);
        std::string pattern = constString("format", args[0]);
        for (size_t i = 1; i < args.size(); ++i)
            if (!args[i].type || !args[i].type->isStringLike())
                illegalType("format", args[i].type, i + 1);
        // Pieces: literal text (index -1) or an argument index.
        std::vector<std::pair<int, std::string>> parts;
        size_t next = 0;
        std::string lit;
        for (size_t i = 0; i < pattern.size(); ++i) {
            char ch = pattern[i];
            if ((ch == '{' || ch == '}') && i + 1 < pattern.size() && pattern[i + 1] == ch) {
                lit += ch;
                ++i;
            } else if (ch == '{') {
                size_t close = pattern.find('}', i);
                if (close == std::string::npos)
                    fail(ErrorCode::BadArguments, "Unclosed '{' in format pattern");
                std::string idx = pattern.substr(i + 1, close - i - 1);
                size_t n = idx.empty() ? next++ : std::stoul(idx);
                if (n + 1 >= args.size())
                    fail(ErrorCode::BadArguments, "Not enough arguments for format pattern");
                parts.push_back({-1, lit});
                lit.clear();
                parts.push_back({static_cast<int>(n + 1), {}});
                i = close;
            } else {
                lit += ch;
            }
        }
        parts.push_back({-1, lit});
        DataTypePtr rt = makeType(TypeKind::String);
        return BoundFunction{rt, [rt, parts](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 std::vector<ColumnPtr> s;
                                 for (const auto &col : c)
                                     s.push_back(col->type()->isStringLike() ? castColumn(col, rt) : col);
                                 auto out = Column::create(rt, rows);
                                 std::string buf;
                                 for (size_t i = 0; i < rows; ++i) {
                                     buf.clear();
                                     for (const auto &[idx, text] : parts)
                                         buf.append(idx < 0 ? std::string_view(text) : s[static_cast<size_t>(idx)]->stringAt(i));
                                     out->pushString(buf);
                                 }
                                 return out;
                             }};
    });
}

void addPad(FunctionRegistry &r)
{
    for (bool left : {true, false}) {
        for (bool utf8 : {false, true}) {
            std::string name = std::string(left ? "pad_left" : "pad_right") + (utf8 ? "_utf8" : "");
            addStringMap(r, name, 2, [left, utf8](std::string_view s, const StringArgs &a, size_t i, std::string &out) {
                int64_t len = a.ints[0][i];
                std::string_view fill = a.strings.empty() ? std::string_view(" ") : a.strings[0]->stringAt(i);
                size_t have = utf8 ? utf8Length(s) : s.size();
                if (len < 0)
                    fail(ErrorCode::BadArguments, "Negative length in pad function");
                if (have >= static_cast<size_t>(len)) { // ClickHouse truncates to the length
                    auto cps = utf8Starts(s);
                    out.assign(s.substr(0, utf8 ? (static_cast<size_t>(len) < cps.size() ? cps[static_cast<size_t>(len)] : s.size()) : static_cast<size_t>(len)));
                    return;
                }
                std::string padding;
                size_t need = static_cast<size_t>(len) - have;
                auto fillCps = utf8Starts(fill);
                for (size_t k = 0; k < need && !fill.empty(); ++k) {
                    if (!utf8) {
                        padding += fill[k % fill.size()];
                    } else {
                        size_t j = k % fillCps.size();
                        padding.append(fill.substr(fillCps[j], (j + 1 < fillCps.size() ? fillCps[j + 1] : fill.size()) - fillCps[j]));
                    }
                }
                out = left ? padding + std::string(s) : std::string(s) + padding;
            }, 3);
        }
    }
    r.addAlias("lpad", "pad_left");
    r.addAlias("rpad", "pad_right");
    r.addAlias("left_pad", "pad_left");
    r.addAlias("right_pad", "pad_right");
}

} // namespace

// LIKE pattern -> RE2 (anchored): % = .*, _ = ., backslash escapes.
static std::string likeToRegex(std::string_view like)
{
    std::string re;
    for (size_t i = 0; i < like.size(); ++i) {
        char ch = like[i];
        if (ch == '\\' && i + 1 < like.size())
            re += RE2::QuoteMeta(std::string(1, like[++i]));
        else if (ch == '%')
            re += ".*";
        else if (ch == '_')
            re += ".";
        else
            re += RE2::QuoteMeta(std::string(1, ch));
    }
    return re;
}

namespace {

void addLike(FunctionRegistry &r)
{
    for (int v = 0; v < 4; ++v) {
        bool negate = v % 2 == 1, ci = v >= 2;
        std::string name = std::string(negate ? "not_" : "") + (ci ? "ilike" : "like");
        add(r, name, "string", name + "(s, pattern)", "SQL LIKE with % and _", [name, negate, ci](const std::vector<FunctionArg> &args, const FunctionContext &) {
            checkArgCount(name, args, 2, 2);
            for (size_t i = 0; i < 2; ++i)
                if (!args[i].type || !args[i].type->isStringLike())
                    illegalType(name, args[i].type, i + 1);
            RE2::Options opts;
            opts.set_dot_nl(true);
            opts.set_case_sensitive(!ci);
            opts.set_log_errors(false);
            std::shared_ptr<RE2> fixed = args[1].constant ? std::make_shared<RE2>(likeToRegex(constString(name, args[1])), opts) : nullptr;
            DataTypePtr rt = makeType(TypeKind::UInt8);
            return BoundFunction{rt, [rt, fixed, opts, negate](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                     ColumnPtr s = castColumn(c[0], makeType(TypeKind::String)), p = castColumn(c[1], makeType(TypeKind::String));
                                     std::shared_ptr<RE2> re = fixed;
                                     std::string_view last;
                                     return generate<uint8_t>(rt, rows, [&](size_t i) {
                                         if (!fixed && (!re || p->stringAt(i) != last)) {
                                             last = p->stringAt(i);
                                             re = std::make_shared<RE2>(likeToRegex(last), opts);
                                         }
                                         auto v = s->stringAt(i);
                                         return static_cast<uint8_t>(RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *re) != negate);
                                     });
                                 }};
        });
    }
}

} // namespace

void registerStringFunctions2(FunctionRegistry &registry)
{
    addSplit(registry);
    addArrayStringConcat(registry);
    addFormat(registry);
    addPad(registry);
    addLike(registry);
    registerStringFunctions3(registry);
}

} // namespace tideline::engine
