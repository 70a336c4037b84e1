// Regular expressions (RE2 syntax, as ClickHouse): match, extract, extract_all,
// replace_regexp_one / replace_regexp_all (= replace_regex), count_matches, multi_search_any.
// A constant pattern is compiled once at bind time; per-row patterns are compiled on change.
#include <re2/re2.h>

#include <memory>

#include "engine/functions/ArrayHelpers.h"
#include "engine/functions/StringHelpers.h"

namespace tideline::engine {

using namespace fn;

namespace {

std::shared_ptr<RE2> compile(std::string_view pattern)
{
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_dot_nl(true); // ClickHouse compiles with DOTALL semantics
    auto re = std::make_shared<RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
    if (!re->ok())
        fail(CannotCompileRegexp, "OptimizedRegularExpression: cannot compile re2: " + std::string(pattern) + ", error: " + re->error());
    return re;
}

// Returns the regex for row i: the bind-time one or a per-row one compiled on change.
class Patterns {
public:
    Patterns(std::shared_ptr<RE2> fixed, ColumnPtr column) : m_fixed(std::move(fixed)), m_column(std::move(column)) {}
    const RE2 &at(size_t i)
    {
        if (m_fixed)
            return *m_fixed;
        std::string_view p = m_column->stringAt(i);
        if (!m_current || p != m_last) {
            m_current = compile(p);
            m_last = std::string(p);
        }
        return *m_current;
    }

private:
    std::shared_ptr<RE2> m_fixed, m_current;
    ColumnPtr m_column;
    std::string m_last;
};

re2::StringPiece piece(std::string_view s) { return {s.data(), s.size()}; }

// Registers name(s, pattern[, extra strings]) with f(s, re, args, row, out column).
template <typename F>
void addRegex(FunctionRegistry &r, const std::string &name, size_t argc, DataTypePtr rt, F f)
{
    add(r, name, "regexp", name + "(s, pattern, ...)", name, [name, argc, rt, f](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount(name, args, argc, argc);
        for (size_t i = 0; i < args.size(); ++i)
            if (!args[i].type || !args[i].type->isStringLike())
                illegalType(name, args[i].type, i + 1);
        std::shared_ptr<RE2> fixed = args[1].constant ? compile(constString(name, args[1])) : nullptr;
        return BoundFunction{rt, [rt, fixed, f](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                 StringArgs a = collectStringArgs(c);
                                 Patterns patterns(fixed, a.strings[0]);
                                 auto out = Column::create(rt, rows);
                                 for (size_t i = 0; i < rows; ++i)
                                     f(s->stringAt(i), patterns.at(i), a, i, *out);
                                 if (rt->kind == TypeKind::Array)
                                     out->setSize(rows);
                                 return out;
                             }};
    });
}

void addMatchExtract(FunctionRegistry &r)
{
    DataTypePtr str = makeType(TypeKind::String);
    addRegex(r, "match", 2, makeType(TypeKind::UInt8), [](std::string_view s, const RE2 &re, const StringArgs &, size_t, Column &out) {
        out.push<uint8_t>(RE2::PartialMatch(piece(s), re));
    });
    addRegex(r, "count_matches", 2, makeType(TypeKind::UInt64), [](std::string_view s, const RE2 &re, const StringArgs &, size_t, Column &out) {
        re2::StringPiece input = piece(s), m;
        uint64_t n = 0;
        size_t pos = 0;
        while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
            if (m.empty())
                break; // ClickHouse stops at an empty match
            ++n;
            pos = static_cast<size_t>(m.data() - s.data()) + m.size();
        }
        out.push<uint64_t>(n);
    });
    // extract: the first capturing group if the pattern has one, else the whole match.
    addRegex(r, "extract", 2, str, [](std::string_view s, const RE2 &re, const StringArgs &, size_t, Column &out) {
        int group = re.NumberOfCapturingGroups() > 0 ? 1 : 0;
        re2::StringPiece m[2];
        bool ok = re.Match(piece(s), 0, s.size(), RE2::UNANCHORED, m, group + 1);
        out.pushString(ok ? std::string_view(m[group].data(), m[group].size()) : std::string_view());
    });
    addRegex(r, "extract_all", 2, makeArray(str), [](std::string_view s, const RE2 &re, const StringArgs &, size_t, Column &out) {
        int group = re.NumberOfCapturingGroups() > 0 ? 1 : 0;
        re2::StringPiece input = piece(s), m[2];
        size_t pos = 0;
        while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, m, group + 1)) {
            out.children[0]->pushString(std::string_view(m[group].data(), m[group].size()));
            size_t end = static_cast<size_t>(m[0].data() - s.data()) + m[0].size();
            pos = m[0].empty() ? end + 1 : end;
        }
        out.offsets.push_back(out.children[0]->size());
    });
}

void addReplace(FunctionRegistry &r)
{
    DataTypePtr str = makeType(TypeKind::String);
    for (bool all : {false, true}) {
        std::string name = all ? "replace_regexp_all" : "replace_regexp_one";
        addRegex(r, name, 3, str, [all](std::string_view s, const RE2 &re, const StringArgs &a, size_t i, Column &out) {
            std::string text(s), rewrite(a.strings[1]->stringAt(i));
            if (all)
                RE2::GlobalReplace(&text, re, rewrite);
            else
                RE2::Replace(&text, re, rewrite);
            out.pushString(text);
        });
    }
    r.addAlias("replace_regex", "replace_regexp_all");
    r.addAlias("regexp_replace", "replace_regexp_all");
}

void addMultiSearch(FunctionRegistry &r)
{
    add(r, "multi_search_any", "regexp", "multi_search_any(haystack, [needles])", "1 when any needle occurs", [](const std::vector<FunctionArg> &args, const FunctionContext &) {
        checkArgCount("multi_search_any", args, 2, 2);
        if (!args[0].type || !args[0].type->isStringLike())
            illegalType("multi_search_any", args[0].type, 1);
        if (!args[1].type || args[1].type->kind != TypeKind::Array || !args[1].type->children[0]->isStringLike())
            illegalType("multi_search_any", args[1].type, 2);
        DataTypePtr rt = makeType(TypeKind::UInt8);
        return BoundFunction{rt, [rt](const std::vector<ColumnPtr> &c, size_t rows) -> ColumnPtr {
                                 ColumnPtr s = castColumn(c[0], makeType(TypeKind::String));
                                 const Column &needles = *c[1];
                                 ColumnPtr n = castColumn(needles.children[0], makeType(TypeKind::String));
                                 return generate<uint8_t>(rt, rows, [&](size_t i) {
                                     auto h = s->stringAt(i);
                                     for (uint64_t k = needles.arrayBegin(i); k < needles.arrayEnd(i); ++k)
                                         if (h.find(n->stringAt(k)) != std::string_view::npos)
                                             return uint8_t(1);
                                     return uint8_t(0);
                                 });
                             }};
    });
}

} // namespace

void registerRegexpFunctions(FunctionRegistry &registry)
{
    addMatchExtract(registry);
    addReplace(registry);
    addMultiSearch(registry);
}

} // namespace tideline::engine
