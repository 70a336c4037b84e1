#include "engine/exec/QueryPlanner.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "engine/exec/AggregateOperator.h"
#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/Session.h"
#include "engine/exec/SortOperator.h"
#include "engine/functions/AggregateFunction.h"

namespace tideline::engine {

namespace {

bool isUntuple(const sql::Expr &e)
{
    if (e.kind != sql::ExprKind::Function || e.over || e.args.size() != 1)
        return false;
    std::string n = e.name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return n == "untuple";
}

// untuple(t) in a select list becomes tuple_element(t, 1), ..., tuple_element(t, n), as
// ClickHouse's expansion does, named _ut_1 ... _ut_n (x1 ... xn for `untuple(t) AS x`). The
// tuple's arity comes from binding t (select-list and WITH aliases substituted) over the FROM
// scope.
void expandUntuple(const sql::ExprPtr &item, const sql::SelectQuery &query, const Scope &scope, const BindContext &ctx,
                   std::vector<sql::ExprPtr> &out)
{
    std::map<std::string, sql::ExprPtr> aliases;
    auto addAlias = [&](const sql::ExprPtr &e) {
        if (e && !e->alias.empty() && e != item) {
            auto copy = std::make_shared<sql::Expr>(*e);
            copy->alias.clear();
            aliases[e->alias] = copy;
        }
    };
    for (const auto &w : query.with)
        addAlias(w);
    for (const auto &s : query.select)
        addAlias(s);
    const sql::ExprPtr &tuple = item->args[0];
    if (containsAggregate(*tuple))
        fail(ErrorCode::NotImplemented, "untuple of an aggregate is not supported", item->pos);
    ExpressionPtr bound = ExpressionBinder(scope, ctx).bind(*substituteAliases(tuple, aliases));
    if (bound->type->kind != TypeKind::Tuple)
        fail(ErrorCode::IllegalTypeOfArgument, "Illegal type " + bound->type->name() + " of argument of function untuple, expected a tuple", item->pos);
    for (size_t i = 1; i <= bound->type->children.size(); ++i) {
        auto index = std::make_shared<sql::Expr>();
        index->kind = sql::ExprKind::Literal;
        index->literalKind = sql::LiteralKind::Integer;
        index->text = std::to_string(i);
        index->pos = item->pos;
        auto element = std::make_shared<sql::Expr>();
        element->kind = sql::ExprKind::Function;
        element->name = "tuple_element";
        element->args = {tuple, index};
        element->pos = item->pos;
        // ClickHouse names the elements alias + index, the alias defaulting to "_ut_" (its
        // documented output: _ut_1, _ut_2).
        element->alias = (item->alias.empty() ? "_ut_" : item->alias) + std::to_string(i);
        out.push_back(element);
    }
}

} // namespace

QueryPlanner::QueryPlanner(Session &session, std::map<std::string, std::string> settings)
    : m_session(session), m_engine(session.engine()), m_settings(std::move(settings))
{
}

bool QueryPlanner::boundedMode() const
{
    auto it = m_settings.find("query_mode");
    return it != m_settings.end() && it->second == "table";
}

BindContext QueryPlanner::bindContext(const char *clause)
{
    BindContext ctx;
    ctx.functions.clock = &m_engine.clock();
    ctx.clause = clause;
    ctx.currentDatabase = m_session.currentDatabase();
    ctx.runSubquery = [this](const sql::SelectUnion &s) { return runToBlock(s); };
    return ctx;
}

Block QueryPlanner::runToBlock(const sql::SelectUnion &select)
{
    auto saved = m_settings;
    PlannedQuery p = plan(select);
    m_settings = saved;
    if (p.streaming)
        fail(ErrorCode::NotImplemented, "A streaming subquery cannot be used as a value; wrap its streams in table()", select.pos);
    std::vector<Block> blocks;
    for (;;) {
        Block b;
        Pull r = p.root->next(b);
        if (r != Pull::Block)
            break;
        if (b.rows())
            blocks.push_back(std::move(b));
    }
    if (blocks.empty()) {
        Block empty;
        for (size_t i = 0; i < p.names.size(); ++i)
            empty.add(p.names[i], Column::create(p.types[i]));
        return empty;
    }
    return SortOperator::concatenate(blocks);
}

PlannedQuery QueryPlanner::plan(const sql::SelectUnion &select)
{
    UserFunctionScope userFunctions(&m_engine.userFunctions()); // for the binder's aggregate checks
    if (select.selects.size() == 1)
        return planSelect(*select.selects[0]);
    std::vector<PlannedQuery> parts;
    for (const auto &q : select.selects) {
        parts.push_back(planSelect(*q));
        PlannedQuery &part = parts.back();
        if (part.hiddenColumns) { // a part's changelog sign is not carried through a union
            part.names.resize(part.names.size() - part.hiddenColumns), part.types.resize(part.names.size());
            part.root = std::make_unique<TrimOperator>(std::move(part.root), part.names.size());
        }
    }
    PlannedQuery out;
    out.names = parts[0].names;
    out.types = parts[0].types;
    for (size_t p = 1; p < parts.size(); ++p) {
        if (parts[p].names.size() != out.names.size())
            fail(static_cast<ErrorCode>(258), "Different number of columns in UNION ALL elements: " + std::to_string(out.names.size()) + " and " + std::to_string(parts[p].names.size()), select.selects[p]->pos);
        for (size_t c = 0; c < out.types.size(); ++c)
            if (!parts[p].types[c]->equals(*out.types[c]))
                out.types[c] = removeNullable(out.types[c])->kind == TypeKind::Nothing ? parts[p].types[c] : out.types[c];
    }
    // Cast every part to the first part's types where they differ (least-supertype rules are the
    // cast function's; a mismatch it cannot convert fails with its error).
    std::vector<OperatorPtr> inputs;
    Scope none;
    BindContext ctx = bindContext("UNION");
    for (auto &part : parts) {
        bool same = true;
        for (size_t c = 0; c < out.types.size(); ++c)
            same &= part.types[c]->equals(*out.types[c]);
        if (same) {
            inputs.push_back(std::move(part.root));
            continue;
        }
        std::vector<ExpressionPtr> casts;
        for (size_t c = 0; c < out.types.size(); ++c) {
            casts.push_back(Expression::makeCast(Expression::makeInput(c, part.types[c]), out.types[c], ctx.functions));
        }
        inputs.push_back(std::make_unique<ProjectOperator>(std::move(part.root), std::move(casts), out.names));
    }
    for (auto &part : parts) {
        out.streaming |= part.streaming;
        for (auto &k : part.keepAlive)
            out.keepAlive.push_back(k);
    }
    out.root = std::make_unique<UnionOperator>(std::move(inputs));
    // Every part's scans: a streaming union is woken by, and positioned in, all its logs.
    out.waker = m_waker;
    out.streamingScans = m_streamingScans;
    out.externalSources = m_externalSources;
    bool distinct = false;
    for (bool d : select.unionDistinct)
        distinct |= d;
    if (distinct)
        fail(ErrorCode::NotImplemented, "UNION DISTINCT is not supported yet; use UNION ALL", select.pos);
    return out;
}

std::vector<sql::ExprPtr> QueryPlanner::expandSelectList(const sql::SelectQuery &query, const Scope &scope)
{
    bool includeReserved = true;
    if (auto it = m_settings.find("asterisk_include_reserved_columns"); it != m_settings.end())
        includeReserved = !(it->second == "false" || it->second == "0");
    std::unordered_map<std::string, int> nameCount;
    for (const auto &c : scope.columns)
        ++nameCount[c.name];
    std::vector<sql::ExprPtr> out;
    for (const auto &item : query.select) {
        if (isUntuple(*item)) {
            expandUntuple(item, query, scope, bindContext("SELECT"), out);
            continue;
        }
        if (item->kind != sql::ExprKind::Asterisk && item->kind != sql::ExprKind::Columns) {
            out.push_back(item);
            continue;
        }
        std::unique_ptr<RE2> pattern;
        if (item->kind == sql::ExprKind::Columns)
            pattern = std::make_unique<RE2>(item->text);
        bool any = false;
        for (const auto &c : scope.columns) {
            if (c.hiddenFromAsterisk || (!includeReserved && c.name.rfind("_tp_", 0) == 0))
                continue;
            if (item->kind == sql::ExprKind::Asterisk && !item->parts.empty() && item->parts.back() != c.table)
                continue;
            if (std::find(item->except.begin(), item->except.end(), c.name) != item->except.end())
                continue;
            if (pattern && !RE2::PartialMatch(c.name, *pattern))
                continue;
            auto id = std::make_shared<sql::Expr>();
            id->kind = sql::ExprKind::Identifier;
            id->pos = item->pos;
            bool ambiguous = nameCount[c.name] > 1 && !c.table.empty();
            id->parts = c.table.empty() ? std::vector<std::string>{c.name} : std::vector<std::string>{c.table, c.name};
            id->alias = ambiguous && &c != &*std::find_if(scope.columns.begin(), scope.columns.end(), [&](auto &x) { return x.name == c.name; })
                ? c.table + "." + c.name : c.name;
            out.push_back(id);
            any = true;
        }
        if (!any && item->kind == sql::ExprKind::Asterisk && scope.columns.empty())
            fail(ErrorCode::EmptyListOfColumnsPassed, "Empty list of columns in SELECT query", item->pos);
    }
    return out;
}

} // namespace tideline::engine
