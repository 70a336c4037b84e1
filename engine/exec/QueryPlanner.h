#pragma once
// Turns a SELECT (union) into a tree of operators. The stages follow ClickHouse's order:
// FROM/JOIN/ARRAY JOIN -> WHERE -> GROUP BY + aggregates -> HAVING -> window functions ->
// SELECT list (+ hidden ORDER BY keys) -> DISTINCT -> ORDER BY -> LIMIT BY -> LIMIT/OFFSET.
// Select-list aliases are visible in every clause (substituted into the AST first), and a result
// column is named by its alias or by exprColumnName().

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/exec/ExpressionBinder.h"
#include "engine/exec/HashJoinOperator.h"
#include "engine/exec/Operator.h"
#include "engine/exec/QueryWaker.h"
#include "engine/exec/StreamingAggregateOperator.h"
#include "engine/exec/WindowAggregateOperator.h"
#include "engine/exec/WindowAssignOperator.h"
#include "engine/exec/Scope.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Session;
class Engine;

struct PlannedQuery {
    OperatorPtr root;
    std::vector<std::string> names;
    std::vector<DataTypePtr> types;
    bool streaming = false;
    size_t hiddenColumns = 0; // trailing columns a subquery carries but `*` does not show (_tp_delta)
    std::vector<std::shared_ptr<void>> keepAlive;
    std::shared_ptr<QueryWaker> waker; // streaming plans: woken by appends to the logs they read
    std::vector<class StreamingScanOperator *> streamingScans; // owned by `root`; for positions
    std::vector<class ExternalStreamSource *> externalSources; // streaming reads of external streams, owned by `root`
};

// How a streaming aggregation emits (null for a bounded one).
struct StreamingAggregation {
    StreamingEmitPolicy policy;
    const Clock *clock = nullptr;
    bool windowed = false;         // tumble/hop/session: watermark-driven WindowAggregateOperator
    WindowWatermarkSpec watermark; // timeColumn/windowEndColumn hold scope positions until planned
    DataTypePtr timeType;
    std::vector<sql::ExprPtr> partitionBy; // PARTITION BY: substreams, and implicit group keys
};

class ExternalStreamSource;
class StreamingScanOperator;

// QueryPlannerStreaming.cpp: Proton's AST-only checks of streaming clauses (80, 2002), and
// whether a SELECT asks for emit_version().
void checkStreamingClauses(const sql::SelectQuery &q, bool aggregating);
bool usesEmitVersion(const sql::SelectQuery &q);
// Whether FROM is directly tumble(), hop() or session().
bool isWindowTableFunction(const sql::SelectQuery &q);

class QueryPlanner {
public:
    QueryPlanner(Session &session, std::map<std::string, std::string> settings);

    // Throws EngineError.
    PlannedQuery plan(const sql::SelectUnion &select);
    const std::map<std::string, std::string> &settings() const { return m_settings; }
    // Start positions of the streaming scans, in the order plan() creates them (a materialized
    // view resuming); they take precedence over seek_to.
    void setStreamingStarts(std::vector<int64_t> starts) { m_streamingStarts = std::move(starts); }

    // Runs a bounded query to completion and returns all its rows as one block.
    Block runToBlock(const sql::SelectUnion &select);

    // A FROM item being planned: its operator and the columns it makes visible.
    struct Source {
        OperatorPtr op;
        Scope scope;
        bool streaming = false;
        bool versionedKv = false; // a streaming read of a versioned_kv or changelog_kv stream (latest row per key)
        bool changelogKv = false; // ... of a changelog_kv stream (rows carry _tp_delta)
        std::vector<size_t> primaryKey; // keyed streams: the primary key's positions in `scope`
    };

    // The ON / USING of a join, bound over its two sides: the equality keys (cast to common
    // types), the ASOF inequality, the time columns of a date_diff_within range, the rest.
    struct JoinConditions {
        std::vector<ExpressionPtr> leftKeys, rightKeys;
        bool haveAsof = false;
        ExpressionPtr leftAsof, rightAsof;
        JoinSpec::AsofOp asofOp = JoinSpec::AsofOp::GreaterOrEquals;
        std::vector<sql::ExprPtr> residual;
        sql::ExprPtr rangeCall; // the first date_diff_within of ON
        ExpressionPtr leftTime, rightTime; // its time columns (bindRangeTimes)
        int64_t rangeNanos = 0;
    };

private:
    PlannedQuery planSelect(const sql::SelectQuery &query);
    size_t carryChangelogDelta(const sql::SelectQuery &q, const Scope &scope, bool streaming, std::vector<std::string> &names,
                               std::vector<DataTypePtr> &types, std::vector<ExpressionPtr> &outExprs) const;
    // QueryPlannerStreaming.cpp: the EMIT policy of a streaming aggregation and its windows.
    std::unique_ptr<StreamingAggregation> planStreamingAggregation(const sql::SelectQuery &q, const Scope &scope, bool windowed);
    void planStreamingWindow(StreamingAggregation &agg, const Scope &scope, const sql::SelectQuery &q);
    int64_t emitIntervalNanos(const sql::ExprPtr &e);
    std::shared_ptr<sql::SelectQuery> rewriteLastGlobal(const sql::SelectQuery &q);
    void seekByWhere(const sql::SelectQuery &q); // QueryPlannerBackfill.cpp
    Source versionedKvChangelog(Source src, const sql::SelectQuery &q);
    int64_t toTicks(const WindowInterval &interval, int pos) const;
    OperatorPtr filterLastEventTime(OperatorPtr input, const Scope &scope, int64_t lastNanos, int pos);
    OperatorPtr planWindowFunctions(OperatorPtr input, Scope &scope, std::unordered_map<std::string, size_t> &precomputed, bool aggregated,
                                    const std::vector<sql::ExprPtr> &calls);
    Source planFrom(const sql::SelectQuery &query);
    Source planTable(const sql::TableExpr &table, bool bounded);
    Source planNamed(const std::string &database, const std::string &name, const std::string &alias, bool bounded, int pos);
    Source planTableFunction(const sql::TableExpr &table, bool bounded);
    Source planRandomStream(const std::shared_ptr<struct StreamInfo> &info, const std::string &qualifier, bool bounded);
    Source planExternalStream(const std::shared_ptr<struct StreamInfo> &info, const std::string &qualifier, bool bounded, int pos);
    Source planSubquery(const sql::SelectUnion &select, const std::string &alias);
    OperatorPtr latestPerKey(OperatorPtr scan, const Scope &scope, const struct StreamInfo &info);
    OperatorPtr currentState(OperatorPtr scan, const Scope &scope, const struct StreamInfo &info);
    Source planSystemTable(const std::string &name, const std::string &alias, int pos);
    Source planJoin(Source left, const sql::JoinClause &join);
    JoinConditions bindJoinConditions(Source &left, Source &right, const sql::JoinClause &join, JoinSpec::Strictness strictness);
    void bindJoinOn(const Source &left, const Source &right, const sql::JoinClause &join, JoinSpec::Strictness strictness, JoinConditions &cond);
    void bindRangeTimes(const Source &left, const Source &right, JoinConditions &cond);
    ExpressionPtr bindResidual(const Scope &joined, const std::vector<sql::ExprPtr> &residual);
    static std::vector<size_t> appendKeys(Source &side, const std::vector<ExpressionPtr> &keys); // hidden key columns
    // QueryPlannerStreamJoins.cpp: a join whose right side is a stream. Which operator joins the
    // two sides; unsupported combinations fail with 48 (NOT_IMPLEMENTED).
    enum class StreamJoinShape : uint8_t { Pair, Enrich, Asof, Changelog, Latest };
    static StreamJoinShape checkStreamJoinShape(const Source &left, const Source &right, const sql::JoinClause &join);
    Source planStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond);
    Source planChangelogJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond, bool latest);
    Source planAsofStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond);
    Source planPairStreamJoin(Source left, Source right, const sql::JoinClause &join, JoinConditions cond, bool enrich);
    OperatorPtr coalesceUsingKeys(OperatorPtr join, Scope &scope, const sql::JoinClause &clause, size_t leftCount, const BindContext &ctx);
    Source planArrayJoin(Source input, const sql::SelectQuery &query);
    Source planWindowFunction(Source input, const sql::TableExpr &table, bool bounded);
    // The source argument of tumble()/hop()/session()/dedup()/changelog() as a FROM item.
    static sql::TableExpr sourceArgument(const sql::TableExpr &t);
    Source planKeyedFunction(const sql::TableExpr &table, bool bounded); // dedup(), changelog()
    void dedupOptions(const sql::TableExpr &table, size_t &end, int64_t &ttlNanos, uint64_t &limit);


    std::vector<sql::ExprPtr> expandSelectList(const sql::SelectQuery &query, const Scope &scope);
    BindContext bindContext(const char *clause);
    bool boundedMode() const;

    Session &m_session;
    Engine &m_engine;
    std::map<std::string, std::string> m_settings;
    std::vector<std::map<std::string, sql::SelectUnionPtr>> m_ctes; // innermost last
    std::vector<std::shared_ptr<void>> m_keepAlive;
    std::shared_ptr<QueryWaker> m_waker = std::make_shared<QueryWaker>();
    std::vector<StreamingScanOperator *> m_streamingScans;
    std::vector<ExternalStreamSource *> m_externalSources;
    std::vector<int64_t> m_streamingStarts;
    int m_depth = 0;
    std::vector<sql::ExprPtr> m_partitionBy; // PARTITION BY of the SELECT being planned (session keys)
    // The last tumble/hop planned over a stream: what a streaming window aggregation needs.
    struct StreamingWindow {
        bool present = false;
        WindowAssignSpec::Kind kind = WindowAssignSpec::Kind::Tumble;
        WindowInterval size, slide, maxLength;
        DataTypePtr timeType;
        bool sessionConditions = false; // session start/end predicates (__session_start/__session_end)
        bool startInclusive = true, endInclusive = true;
        std::string timezone; // the window function's time zone argument (empty: the column's)
    } m_streamingWindow;
};

} // namespace tideline::engine
