#include "engine/exec/QueryAnalyzer.h"
#include "engine/exec/QueryAnalyzerSyntax.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/exec/Engine.h"
#include "engine/exec/ExprNaming.h"
#include "engine/exec/ExpressionBinder.h"
#include "engine/exec/QueryPlanner.h"
#include "engine/exec/Session.h"
#include "engine/sql/Parser.h"

namespace tideline::engine {

namespace {

using namespace analyzer_detail;

struct SourceColumn {
    std::string name;
    DataTypePtr type;
    bool inAsterisk = true;
};

// A FROM/JOIN item as the analyzer sees it. Only catalog objects (streams, views) have columns
// to report; subqueries, CTEs, system tables and numbers() just occupy their qualifier.
struct Source {
    std::string qualifier;
    std::string database;
    std::string table;
    bool catalog = false;
    bool isView = false;
    std::vector<SourceColumn> columns;

    const SourceColumn *find(const std::string &name) const
    {
        for (const auto &c : columns)
            if (c.name == name)
                return &c;
        return nullptr;
    }
};

class Analyzer {
public:
    explicit Analyzer(Session &session) : m_session(session), m_engine(session.engine()) {}

    // Returns whether the union reads a stream unbounded; with `collect`, records the catalog
    // columns it reads.
    bool analyzeUnion(const sql::SelectUnion &u, const Settings &settings, bool collect)
    {
        bool streaming = false;
        for (const auto &q : u.selects)
            if (q)
                streaming = analyzeSelect(*q, settings, collect) || streaming;
        return streaming;
    }

    std::vector<AnalyzeColumn> takeRequired() { return std::move(m_required); }

private:
    // What an expression walk needs: the sources in scope, the names that are aliases (a select
    // item, a WITH scalar, an ARRAY JOIN item), and the lambda parameters bound around it.
    struct Frame {
        const std::vector<Source> *sources = nullptr;
        const std::set<std::string> *aliases = nullptr;
        std::string selfAlias; // the alias of the select item being walked: its own name is a column
        std::vector<std::string> lambdaParams;
        const Settings *settings = nullptr;
    };

    struct Guard {
        explicit Guard(int &d) : depth(d)
        {
            if (++depth > 100)
                fail(ErrorCode::TooDeepRecursion, "Too deep nesting of subqueries or views");
        }
        ~Guard() { --depth; }
        int &depth;
    };

    bool analyzeSelect(const sql::SelectQuery &q, Settings settings, bool collect)
    {
        Guard guard(m_depth);
        for (const auto &s : q.settings)
            settings[s.name] = settingText(s);
        const bool bounded = boundedMode(settings);
        std::map<std::string, sql::SelectUnionPtr> ctes;
        for (const auto &[name, sub] : q.ctes)
            ctes[name] = sub;
        m_ctes.push_back(std::move(ctes));

        bool streaming = false;
        std::vector<Source> sources;
        if (q.from)
            sources.push_back(resolveTable(*q.from, bounded, settings, collect, streaming));
        for (const auto &j : q.joins)
            sources.push_back(resolveTable(j.table, bounded, settings, collect, streaming));

        if (collect) {
            std::set<std::string> aliases;
            for (const auto &w : q.with)
                if (w && !w->alias.empty())
                    aliases.insert(w->alias);
            for (const auto &item : q.select)
                if (item && !item->alias.empty())
                    aliases.insert(item->alias);
            for (const auto &a : q.arrayJoin)
                if (a && !a->alias.empty())
                    aliases.insert(a->alias);
            Frame frame;
            frame.sources = &sources;
            frame.aliases = &aliases;
            frame.settings = &settings;
            auto walkAll = [&](const std::vector<sql::ExprPtr> &v) {
                for (const auto &e : v)
                    walk(e, frame);
            };
            for (const auto &item : q.select) {
                if (!item)
                    continue;
                if (item->kind == sql::ExprKind::Asterisk || item->kind == sql::ExprKind::Columns) {
                    expandAsterisk(*item, sources, settings);
                    continue;
                }
                frame.selfAlias = item->alias;
                walk(item, frame);
                frame.selfAlias.clear();
            }
            walkAll(q.distinctOn);
            for (size_t j = 0; j < q.joins.size(); ++j) {
                walk(q.joins[j].on, frame);
                // USING (c): read from the right side and from the first left source having it.
                const size_t right = (q.from ? 1 : 0) + j;
                for (const auto &name : q.joins[j].using_) {
                    for (size_t s = 0; s < right && s < sources.size(); ++s)
                        if (const SourceColumn *c = sources[s].catalog ? sources[s].find(name) : nullptr) {
                            require(sources[s], *c);
                            break;
                        }
                    if (right < sources.size() && sources[right].catalog)
                        if (const SourceColumn *c = sources[right].find(name))
                            require(sources[right], *c);
                }
            }
            for (const auto &a : q.arrayJoin) {
                frame.selfAlias = a ? a->alias : std::string();
                walk(a, frame);
                frame.selfAlias.clear();
            }
            for (const auto &w : q.with) {
                frame.selfAlias = w ? w->alias : std::string();
                walk(w, frame);
                frame.selfAlias.clear();
            }
            walk(q.prewhere, frame);
            walk(q.where, frame);
            walkAll(q.partitionBy);
            walkAll(q.groupBy);
            walk(q.having, frame);
            walk(q.qualify, frame);
            for (const auto &o : q.orderBy)
                walk(o.expr, frame);
            walkAll(q.limitByExprs);
        }
        m_ctes.pop_back();
        return streaming;
    }

    Source resolveTable(const sql::TableExpr &t, bool bounded, const Settings &settings, bool collect, bool &streaming)
    {
        switch (t.kind) {
        case sql::TableExpr::Kind::Subquery: {
            if (t.subquery)
                streaming = analyzeUnion(*t.subquery, settings, collect) || streaming;
            Source s;
            s.qualifier = t.alias;
            return s;
        }
        case sql::TableExpr::Kind::Function:
            return resolveTableFunction(t, bounded, settings, collect, streaming);
        case sql::TableExpr::Kind::Name:
            break;
        }
        if (t.database.empty()) {
            for (auto it = m_ctes.rbegin(); it != m_ctes.rend(); ++it) {
                auto c = it->find(t.name);
                if (c == it->end())
                    continue;
                if (c->second) {
                    // The CTE body sees the CTEs of its level and the outer ones, as in the planner.
                    auto saved = m_ctes;
                    m_ctes.erase(m_ctes.begin() + (m_ctes.rend() - it), m_ctes.end());
                    Settings inner = settings;
                    if (bounded)
                        inner["query_mode"] = "table";
                    bool s = analyzeUnion(*c->second, inner, collect);
                    m_ctes = std::move(saved);
                    streaming = s || streaming;
                }
                Source src;
                src.qualifier = t.alias.empty() ? t.name : t.alias;
                return src;
            }
        }
        return resolveNamed(t.database.empty() ? m_session.currentDatabase() : t.database, t.name, t.alias, bounded, collect, streaming);
    }

    Source resolveNamed(const std::string &database, const std::string &name, const std::string &alias, bool bounded, bool collect, bool &streaming)
    {
        Source src;
        src.qualifier = alias.empty() ? name : alias;
        src.database = database;
        src.table = name;
        if (database == "system")
            return src; // system tables are bounded and not reported
        auto info = m_engine.find(database, name);
        if (!info)
            return src; // the planner reports it
        src.catalog = true;
        if (info->isView()) {
            src.isView = true;
            if (!bounded && info->select()) {
                // A view streams when its definition does. Its body resolves in its own scope.
                auto savedCtes = std::move(m_ctes);
                m_ctes.clear();
                Settings viewSettings;
                for (const auto &[k, v] : m_session.settings())
                    if (k != "query_mode")
                        viewSettings[k] = v;
                bool s = analyzeUnion(*info->select(), viewSettings, false);
                m_ctes = std::move(savedCtes);
                streaming = s || streaming;
            }
            if (collect)
                src.columns = viewColumns(*info);
            return src;
        }
        if (!bounded)
            streaming = true;
        for (const auto &c : info->columns)
            src.columns.push_back({c.name, c.type, !c.aliasExpr});
        if (info->isStored() && !src.find("_tp_sn"))
            src.columns.push_back({"_tp_sn", makeType(TypeKind::Int64), false});
        return src;
    }

    Source resolveTableFunction(const sql::TableExpr &t, bool bounded, const Settings &settings, bool collect, bool &streaming)
    {
        Source none;
        none.qualifier = t.alias.empty() ? t.name : t.alias;
        if (t.name == "table") {
            if (t.args.size() != 1 || !t.args[0] || t.args[0]->kind != sql::ExprKind::Identifier || t.args[0]->parts.empty())
                return none;
            const sql::Expr &a = *t.args[0];
            sql::TableExpr inner;
            inner.kind = sql::TableExpr::Kind::Name;
            inner.name = a.parts.back();
            inner.database = a.parts.size() > 1 ? a.parts[0] : std::string();
            inner.alias = t.alias.empty() ? inner.name : t.alias;
            return resolveTable(inner, true, settings, collect, streaming);
        }
        if (t.name == "tumble" || t.name == "hop" || t.name == "session") {
            if (t.args.size() < 2 || !t.args[0])
                return none;
            const sql::Expr &a = *t.args[0];
            sql::TableExpr inner;
            if (a.kind == sql::ExprKind::Identifier && !a.parts.empty()) {
                inner.kind = sql::TableExpr::Kind::Name;
                inner.name = a.parts.back();
                inner.database = a.parts.size() > 1 ? a.parts[0] : std::string();
            } else if (a.kind == sql::ExprKind::Function) {
                inner.kind = sql::TableExpr::Kind::Function;
                inner.name = a.name;
                inner.args = a.args;
            } else if (a.kind == sql::ExprKind::Subquery) {
                inner.kind = sql::TableExpr::Kind::Subquery;
                inner.subquery = a.subquery;
            } else {
                return none;
            }
            inner.alias = t.alias;
            Source src = resolveTable(inner, bounded, settings, collect, streaming);
            if (collect && src.catalog) {
                if (t.args[1] && t.args[1]->kind != sql::ExprKind::Interval) {
                    // The time column: resolved against the windowed source only.
                    std::vector<Source> scope{src};
                    std::set<std::string> noAliases;
                    Frame frame;
                    frame.sources = &scope;
                    frame.aliases = &noAliases;
                    frame.settings = &settings;
                    walk(t.args[1], frame);
                } else if (const SourceColumn *c = src.find("_tp_time")) {
                    require(src, *c);
                }
            }
            return src;
        }
        return none; // numbers(), zeros(), ...: bounded, nothing to report
    }

    std::vector<SourceColumn> viewColumns(const StreamInfo &info)
    {
        const std::string key = info.database() + "." + info.name();
        if (auto it = m_viewColumns.find(key); it != m_viewColumns.end())
            return it->second;
        std::vector<SourceColumn> out;
        QueryPlanner planner(m_session, {{"query_mode", "table"}});
        PlannedQuery p = planner.plan(*info.select());
        for (size_t i = 0; i < p.names.size(); ++i)
            out.push_back({p.names[i], p.types[i], true});
        m_viewColumns[key] = out;
        return out;
    }

    void require(const Source &s, const SourceColumn &c)
    {
        if (!m_seen.insert({s.database, s.table, c.name}).second)
            return;
        m_required.push_back({s.database, s.table, s.isView, c.name, c.type ? c.type->name() : std::string()});
    }

    void expandAsterisk(const sql::Expr &item, const std::vector<Source> &sources, const Settings &settings)
    {
        const bool includeReserved = isTrue(settings, "asterisk_include_reserved_columns", true);
        std::unique_ptr<RE2> pattern;
        if (item.kind == sql::ExprKind::Columns)
            pattern = std::make_unique<RE2>(item.text);
        for (const Source &s : sources) {
            if (!s.catalog)
                continue;
            if (item.kind == sql::ExprKind::Asterisk && !item.parts.empty() && item.parts.back() != s.qualifier)
                continue;
            for (const SourceColumn &c : s.columns) {
                if (!c.inAsterisk || (!includeReserved && c.name.rfind("_tp_", 0) == 0))
                    continue;
                if (std::find(item.except.begin(), item.except.end(), c.name) != item.except.end())
                    continue;
                if (pattern && !RE2::PartialMatch(c.name, *pattern))
                    continue;
                require(s, c);
            }
        }
    }

    // Resolves an identifier to a catalog column: [c], [t, c], [db, t, c]; a longer or
    // unmatched qualified name is tried as a subcolumn access on its first part (tuple.field).
    void resolveIdentifier(const sql::Expr &e, const Frame &frame)
    {
        const auto &parts = e.parts;
        const auto &sources = *frame.sources;
        auto unqualified = [&](const std::string &name) {
            for (const Source &s : sources)
                if (s.catalog)
                    if (const SourceColumn *c = s.find(name)) {
                        require(s, *c);
                        return;
                    }
        };
        if (parts.empty())
            return;
        if (parts.size() == 1) {
            const std::string &name = parts[0];
            if (std::find(frame.lambdaParams.begin(), frame.lambdaParams.end(), name) != frame.lambdaParams.end())
                return;
            if (name != frame.selfAlias && frame.aliases && frame.aliases->count(name))
                return;
            unqualified(name);
            return;
        }
        if (parts.size() >= 3)
            for (const Source &s : sources)
                if (s.database == parts[0] && (s.qualifier == parts[1] || s.table == parts[1])) {
                    if (const SourceColumn *c = s.catalog ? s.find(parts[2]) : nullptr)
                        require(s, *c);
                    return;
                }
        for (const Source &s : sources)
            if (s.qualifier == parts[0]) {
                if (const SourceColumn *c = s.catalog ? s.find(parts[1]) : nullptr)
                    require(s, *c);
                return;
            }
        // t.c where t is no source: a subcolumn (tuple element, nested field) of column t.
        if (std::find(frame.lambdaParams.begin(), frame.lambdaParams.end(), parts[0]) != frame.lambdaParams.end())
            return;
        if (parts[0] != frame.selfAlias && frame.aliases && frame.aliases->count(parts[0]))
            return;
        unqualified(parts[0]);
    }

    void walk(const sql::ExprPtr &e, Frame &frame)
    {
        if (!e)
            return;
        switch (e->kind) {
        case sql::ExprKind::Identifier:
            resolveIdentifier(*e, frame);
            return;
        case sql::ExprKind::Subquery:
            if (e->subquery)
                analyzeUnion(*e->subquery, *frame.settings, true); // a value: does not make the query streaming
            return;
        case sql::ExprKind::Lambda: {
            size_t before = frame.lambdaParams.size();
            frame.lambdaParams.insert(frame.lambdaParams.end(), e->params.begin(), e->params.end());
            for (const auto &a : e->args)
                walk(a, frame);
            frame.lambdaParams.resize(before);
            return;
        }
        case sql::ExprKind::Asterisk: // count(*), tuple(*) inside expressions: no column list of its own
        case sql::ExprKind::Columns:
        case sql::ExprKind::Literal:
        case sql::ExprKind::QueryParameter:
            return;
        case sql::ExprKind::Function:
        case sql::ExprKind::Interval:
            break;
        }
        for (const auto &a : e->args)
            walk(a, frame);
        for (const auto &p : e->parameters)
            walk(p, frame);
        if (e->over) {
            for (const auto &p : e->over->partitionBy)
                walk(p, frame);
            for (const auto &o : e->over->orderBy)
                walk(o.expr, frame);
        }
    }

    Session &m_session;
    Engine &m_engine;
    std::vector<std::map<std::string, sql::SelectUnionPtr>> m_ctes; // innermost last
    std::map<std::string, std::vector<SourceColumn>> m_viewColumns;  // by "db.name"
    std::vector<AnalyzeColumn> m_required;
    std::set<std::tuple<std::string, std::string, std::string>> m_seen;
    int m_depth = 0;
};

} // namespace

std::string analyzeQueryType(const sql::Statement &st)
{
    using K = sql::StatementKind;
    switch (st.kind) {
    case K::Select: return "SELECT";
    case K::Insert: return "INSERT";
    case K::CreateStream:
    case K::CreateView:
    case K::CreateDatabase:
    case K::CreateFunction:
    case K::CreateFormatSchema: return "CREATE";
    case K::Drop:
    case K::Truncate: return "DROP";
    case K::Rename: return "RENAME";
    case K::Alter: return "ALTER";
    case K::Use: return "USE";
    case K::Set: return "SET";
    case K::Show:
        if (st.showWhat == "CREATE")
            return "SHOW_CREATE_TABLE";
        if (st.showWhat == "FUNCTIONS")
            return "SHOW_FUNCTIONS";
        return "SHOW_TABLE";
    case K::Describe: return "DESCRIBE";
    case K::Explain: return "EXPLAIN";
    case K::Kill: return "KILL";
    case K::System: return "SYSTEM";
    case K::Optimize: return "OPTIMIZE";
    case K::Subscribe:
        if (st.subscribeVerb == "UNSUBSCRIBE" || st.subscribeVerb == "RECOVER" || st.subscribeVerb == "SUBSCRIBE")
            return st.subscribeVerb;
        return "UNKNOWN";
    }
    return "UNKNOWN";
}

Result<AnalyzeResult> analyzeQuery(Session &session, std::string_view sql)
{
    auto parsed = sql::parseStatement(sql);
    if (!parsed)
        return parsed.status();
    if (!*parsed)
        return Status(ErrorCode::SyntaxError, "Empty query", 0);
    const sql::Statement &st = **parsed;

    AnalyzeResult r;
    r.originalQuery = std::string(sql);
    r.rewrittenQuery = r.originalQuery; // as the reference engine: no rewrite step
    r.queryType = analyzeQueryType(st);
    r.isStreaming = true;
    if (st.kind != sql::StatementKind::Select || !st.select)
        return r;

    try {
        const sql::SelectUnion &select = *st.select;
        Settings bounded = session.settings();
        bounded["query_mode"] = "table";
        {
            QueryPlanner planner(session, bounded);
            PlannedQuery planned = planner.plan(select);
            for (size_t i = 0; i < planned.names.size(); ++i)
                r.resultColumns.push_back({{}, {}, false, planned.names[i], planned.types[i] ? planned.types[i]->name() : std::string()});
        }

        Flags flags;
        flagsUnion(select, flags, true);
        r.hasAggr = flags.aggr;
        r.hasTableJoin = flags.join;
        r.hasUnion = flags.unionAll;
        r.hasSubquery = flags.subquery;
        r.groupByColumns = groupByColumns(select);

        Analyzer analyzer(session);
        r.isStreaming = analyzer.analyzeUnion(select, session.settings(), true);
        r.requiredColumns = analyzer.takeRequired();
    } catch (const EngineError &e) {
        return e.status();
    } catch (const std::bad_alloc &) {
        return Status(ErrorCode::CannotAllocateMemory, "Cannot allocate memory");
    } catch (const std::exception &e) {
        return Status(ErrorCode::LogicalError, std::string("Internal error: ") + e.what());
    }
    return r;
}

} // namespace tideline::engine
