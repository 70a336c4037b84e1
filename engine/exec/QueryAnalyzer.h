#pragma once
// The SQL analyzer behind POST /v1beta2/sqlanalyze and Query.analysis: fills the
// SQLAnalyzeResult of the REST API reference §5.1 (Proton's SQLAnalyzerRestRouterHandler).
//
//   auto r = analyzeQuery(*session, "SELECT id, count() FROM table(s) GROUP BY id");
//   r->queryType == "SELECT"; r->isStreaming == false; r->hasAggr == true; ...
//
// Semantics, field by field:
//  * originalQuery: the SQL as given. rewrittenQuery: equal to originalQuery. This is what the
//    reference engine does (its rewrite step is commented out), so clients see the same text.
//  * queryType: SELECT, INSERT, CREATE (streams, views, databases, functions, format schemas),
//    DROP (also TRUNCATE, as in ClickHouse where TRUNCATE is a drop query), RENAME, ALTER, USE,
//    SET, OPTIMIZE, DESCRIBE, EXPLAIN, KILL, SYSTEM, SHOW_CREATE_TABLE (SHOW CREATE ...),
//    SHOW_FUNCTIONS, SHOW_TABLE (every other SHOW), SUBSCRIBE, UNSUBSCRIBE, RECOVER.
//  * isStreaming: true for every non-SELECT statement. For a SELECT: true when any FROM/JOIN
//    source reads a stream unbounded, i.e. a stream (or materialized view, external or random
//    stream) named outside table() and without query_mode='table' (session setting or SETTINGS
//    of the SELECT or an enclosing one); a view is streaming when its own definition is.
//    Sources through subqueries, CTEs and tumble/hop/session() are followed. Subqueries used as
//    values (IN (SELECT ...), scalar subqueries) do not make the query streaming.
//  * hasAggr, hasTableJoin, hasUnion, hasSubquery: computed on the AST of the SELECT (all its
//    nested SELECTs included, view definitions not expanded); false for non-SELECT statements.
//    hasAggr: a GROUP BY or an aggregate call (not one with OVER). hasTableJoin: any JOIN
//    (comma joins included, ARRAY JOIN not). hasUnion: a UNION of two or more SELECTs.
//    hasSubquery: a FROM/JOIN subquery, a subquery expression, or a WITH name AS (SELECT ...).
//  * groupByColumns: the GROUP BY keys of the top-level SELECT(s) as written (exprColumnName),
//    without duplicates; for GROUP BY ALL, the select items without aggregates.
//  * requiredColumns: the catalog columns the SELECT reads, in order of first use (a source's
//    own subqueries first), each once: identifiers resolved against the streams and views in
//    scope, `*` expanded to the columns SELECT * returns, the time column of
//    tumble/hop/session (_tp_time when not named). A view reports its own columns with
//    isView=true (its definition is not expanded). System tables, numbers() and the like are not
//    reported. columnType is DataType::name().
//  * resultColumns: the output columns of the SELECT, planned in bounded mode (a copy of the
//    session settings plus query_mode='table'); database/table empty, isView false. Empty for
//    non-SELECT statements.
// Errors: the parser's Status (62) for bad SQL; a SELECT that does not plan (unknown stream or
// column, bad types, ...) returns the planner's Status.

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/Status.h"
#include "engine/sql/Ast.h"

namespace tideline::engine {

class Session;

// SQLAnalyzeColumn. Result columns leave database/table empty and isView false.
struct AnalyzeColumn {
    std::string database;
    std::string table;
    bool isView = false;
    std::string column;
    std::string columnType;

    bool operator==(const AnalyzeColumn &) const = default;
};

// SQLAnalyzeResult.
struct AnalyzeResult {
    std::string originalQuery;
    std::string rewrittenQuery;
    std::string queryType;
    bool isStreaming = true;
    bool hasAggr = false;
    bool hasTableJoin = false;
    bool hasUnion = false;
    bool hasSubquery = false;
    std::vector<std::string> groupByColumns;
    std::vector<AnalyzeColumn> requiredColumns;
    std::vector<AnalyzeColumn> resultColumns;
};

// Parses one statement (a trailing ';' is fine) and analyzes it in the session's context
// (current database, settings). Never throws.
Result<AnalyzeResult> analyzeQuery(Session &session, std::string_view sql);

// The §5.1 query_type name of a parsed statement ("SELECT", "SHOW_CREATE_TABLE", ...).
std::string analyzeQueryType(const sql::Statement &statement);

} // namespace tideline::engine
