#pragma once
// The abstract syntax tree of Proton's SQL dialect: the contract between the parser, the
// formatter, the analyzer and the binder.
//
// Conventions (ClickHouse's): operators are parsed into function calls with canonical
// snake_case names, so the binder has one code path. The formatter prints them back as
// operators. The mapping:
//   a + b  plus        a - b  minus       a * b  multiply     a / b  divide    a % b  modulo
//   -a     negate      a = b / a == b  equals    a != b / a <> b  not_equals
//   a < b  less        a <= b less_or_equals      a > b  greater  a >= b  greater_or_equals
//   a AND b and (n-ary, flattened)      a OR b or (n-ary, flattened)    NOT a  not
//   a || b concat      a LIKE b like   a NOT LIKE b not_like  ILIKE ilike  NOT ILIKE not_ilike
//   a IN (..)  in     a NOT IN (..) not_in     (right side: a tuple() call, an array, or a Subquery)
//   a IS NULL is_null     a IS NOT NULL is_not_null
//   a BETWEEN b AND c     and(greater_or_equals(a, b), less_or_equals(a, c)) is NOT used; instead
//                         between(a, b, c) / not_between(a, b, c) keep the original form
//   CASE WHEN c THEN r ... ELSE e END   multi_if(c, r, ..., e)   (ELSE missing: NULL literal)
//   CASE x WHEN v THEN r ... END        case_with_expression(x, v, r, ..., e)
//   x::T / CAST(x AS T) / CAST(x, 'T')  cast(x, 'T')  (second argument a string literal)
//   arr[i]            array_element(arr, i)
//   t.1               tuple_element(t, 1)     (t.name on an expression: tuple_element(t, 'name'))
//   raw:a.b[::T]      json path shortcut: json_extract_string(raw, 'a', 'b') then cast if ::T given;
//                     kept as function "json_path"(raw, 'a.b') so the formatter can print it back
//   [1, 2]            array(1, 2)       (1, 2) tuple(1, 2)      {'k': 1}  map('k', 1)
//   INTERVAL 5 SECOND / 5s   Interval node
//   x -> expr, (x, y) -> expr   Lambda node
//   EXISTS (subquery)        exists(Subquery)
// Identifiers keep their case; function names are lower-cased by the parser (1.3.28+ rule),
// with camelCase ClickHouse spellings left as written (the binder maps aliases).
// Every node records `pos`, the byte offset in the SQL text where it starts, for error messages.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/types/DataType.h"

namespace tideline::engine::sql {

struct Expr;
struct SelectQuery;
struct SelectUnion;
using ExprPtr = std::shared_ptr<Expr>;
using SelectUnionPtr = std::shared_ptr<SelectUnion>;

enum class LiteralKind : uint8_t { Null, Bool, Integer, Float, String };

struct WindowSpec; // OVER (...)

enum class ExprKind : uint8_t {
    Literal,    // literalKind + text (Integer: decimal digits, maybe with 0x/0b prefix; Float: as written; String: unescaped value; Bool: "true"/"false")
    Identifier, // parts: ["db", "stream", "col"] or ["col"]; quoted per part in `quoted`
    Asterisk,   // parts: qualifier (empty, ["t"], or ["db","t"]); `except` column names for * EXCEPT (a, b)
    Columns,    // COLUMNS('regex'): text holds the regex
    Function,   // name, args, parameters (quantile(0.9)(x): parameters=[0.9], args=[x]), distinct, over
    Lambda,     // params (names), args[0] the body
    Subquery,   // subquery
    Interval,   // args[0] the amount expression, intervalUnit
    QueryParameter, // {name:Type} or {{name}}: text = name, typeName = Type (may be empty)
};

struct Expr {
    ExprKind kind = ExprKind::Literal;
    int pos = -1;

    // Literal
    LiteralKind literalKind = LiteralKind::Null;
    std::string text;

    // Identifier / Asterisk
    std::vector<std::string> parts;
    std::vector<bool> quoted;
    std::vector<std::string> except;

    // Function
    std::string name;
    std::vector<ExprPtr> args;
    std::vector<ExprPtr> parameters;
    bool distinct = false;
    std::shared_ptr<WindowSpec> over;

    // Lambda
    std::vector<std::string> params;

    // Subquery
    SelectUnionPtr subquery;

    // Interval
    IntervalUnit intervalUnit = IntervalUnit::Second;

    // QueryParameter
    std::string typeName;

    // `expr AS alias` (any expression in a select list, a WITH list, or a function argument)
    std::string alias;
};

struct OrderByItem {
    ExprPtr expr;
    bool descending = false;
    std::optional<bool> nullsFirst; // unset: ASC -> NULLS LAST, DESC -> NULLS FIRST (ClickHouse)
    std::string collation;          // COLLATE 'x', parsed and kept
    // WITH FILL is not supported.
};

struct WindowSpec {
    std::vector<ExprPtr> partitionBy;
    std::vector<OrderByItem> orderBy;
    // ROWS/RANGE frame, kept as text pieces so it round-trips: e.g. "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW".
    std::string frame;
    std::string name; // OVER w (named window): not supported beyond parsing
};

struct Setting {
    std::string name;
    ExprPtr value; // a literal (or an expression, kept as written)
};

// A FROM item: a stream/view name, a table function call (table(s), tumble(...), numbers(n), ...),
// or a subquery; then optional joins chained on the left-deep list in SelectQuery::joins.
struct TableExpr {
    enum class Kind : uint8_t { Name, Function, Subquery } kind = Kind::Name;
    int pos = -1;
    std::string database;     // Name: optional database
    std::string name;         // Name: stream name; Function: function name (lower case)
    std::vector<ExprPtr> args; // Function arguments; a nested table function or stream name appears as an Identifier or Function expr
    SelectUnionPtr subquery;  // Subquery
    std::string alias;
    bool final = false;       // FINAL, parsed and kept
};

enum class JoinKind : uint8_t { Inner, Left, Right, Full, Cross, Comma };
enum class JoinStrictness : uint8_t { Default, All, Any, Asof, Latest, Semi, Anti };

struct JoinClause {
    JoinKind kind = JoinKind::Inner;
    JoinStrictness strictness = JoinStrictness::Default;
    bool outerKeyword = false; // LEFT OUTER JOIN spelled with OUTER
    bool global = false;
    TableExpr table;
    ExprPtr on;                      // ON condition, or null
    std::vector<std::string> using_; // USING (a, b)
    int pos = -1;
};

enum class EmitKind : uint8_t { None, Stream, Changelog };

// EMIT clause, covering Proton 1.6 and 3.x spellings (see streaming-sql.md §7.1).
struct EmitClause {
    bool present = false;
    int pos = -1;
    EmitKind streamKind = EmitKind::None;      // EMIT STREAM / EMIT CHANGELOG
    bool afterWatermark = false;               // AFTER WATERMARK or AFTER WINDOW CLOSE
    bool windowCloseSpelling = false;          // written as AFTER WINDOW CLOSE (3.x), for formatting
    ExprPtr delay;                             // WITH DELAY i (Interval)
    ExprPtr periodic;                          // PERIODIC i
    bool repeat = false;                       // PERIODIC i REPEAT
    bool onUpdate = false;                     // ON UPDATE
    ExprPtr onUpdateBatch;                     // ON UPDATE WITH BATCH i (3.x) == PERIODIC i ON UPDATE
    ExprPtr onUpdateDelay;                     // ON UPDATE WITH DELAY i (3.x)
    ExprPtr timeout;                           // [AND] TIMEOUT i
    ExprPtr last;                              // [AND] LAST i
    bool lastOnProctime = false;               // LAST i ON PROCTIME
};

struct SelectQuery {
    int pos = -1;
    std::vector<ExprPtr> with;          // WITH expr AS name, ... (each with alias), scalar form
    std::vector<std::pair<std::string, SelectUnionPtr>> ctes; // WITH name AS (SELECT ...)
    bool distinct = false;
    std::vector<ExprPtr> distinctOn;
    std::vector<ExprPtr> select;
    std::optional<TableExpr> from;
    std::vector<JoinClause> joins;
    std::vector<ExprPtr> arrayJoin;     // ARRAY JOIN list
    bool leftArrayJoin = false;
    ExprPtr where;
    ExprPtr prewhere;
    std::vector<ExprPtr> partitionBy;   // streaming PARTITION BY (substreams)
    std::vector<ExprPtr> groupBy;
    bool groupByWithTotals = false;
    bool groupByAll = false;            // GROUP BY ALL
    ExprPtr having;
    ExprPtr qualify;
    std::vector<OrderByItem> orderBy;
    ExprPtr limitBy;                    // LIMIT n BY ...: the n
    ExprPtr limitByOffset;
    std::vector<ExprPtr> limitByExprs;
    ExprPtr limit;
    ExprPtr offset;
    bool withTies = false;
    EmitClause emit;
    std::vector<Setting> settings;
};
using SelectQueryPtr = std::shared_ptr<SelectQuery>;

// SELECT ... UNION [ALL|DISTINCT] SELECT ...; a single SELECT is a union of one.
struct SelectUnion {
    int pos = -1;
    std::vector<SelectQueryPtr> selects;
    std::vector<bool> unionDistinct; // size selects.size()-1: true for UNION DISTINCT, false for ALL/plain UNION
    std::vector<OrderByItem> orderBy; // trailing ORDER BY/LIMIT over a parenthesised union: kept on the last SELECT instead
};

struct ColumnDef {
    int pos = -1;
    std::string name;
    std::string typeName;          // as written, normalised by the parser via parseDataType where valid
    ExprPtr defaultExpr;           // DEFAULT e
    ExprPtr materializedExpr;      // MATERIALIZED e
    ExprPtr aliasExpr;             // ALIAS e
    std::string comment;
    std::string codec;             // CODEC(...) text, kept
    std::optional<bool> nullableModifier; // NULL / NOT NULL after the type
};

enum class StatementKind : uint8_t {
    Select,
    Insert,
    CreateStream,     // also CREATE RANDOM STREAM, CREATE EXTERNAL STREAM, CREATE EXTERNAL TABLE
    CreateView,       // also CREATE MATERIALIZED VIEW
    CreateDatabase,
    CreateFunction,   // SQL lambda, JavaScript, remote, aggregate
    CreateFormatSchema,
    Drop,             // DROP STREAM/VIEW/DATABASE/FUNCTION/FORMAT SCHEMA/EXTERNAL STREAM...
    Truncate,
    Rename,
    Alter,
    Use,
    Set,
    Show,             // SHOW STREAMS/DATABASES/CREATE/FUNCTIONS/SETTINGS/FORMAT SCHEMAS/VIEWS/...
    Describe,
    Explain,
    Kill,
    System,           // SYSTEM PAUSE/UNPAUSE/... MATERIALIZED VIEW x, SYSTEM FLUSH LOGS
    Subscribe,        // SUBSCRIBE TO <select>, UNSUBSCRIBE TO 'id', RECOVER FROM 'id'
    Optimize,
};

enum class ObjectKind : uint8_t { Stream, View, MaterializedView, Database, Function, FormatSchema, ExternalStream, ExternalTable, RandomStream, Dictionary, Table, Unknown };

struct Statement {
    StatementKind kind = StatementKind::Select;
    int pos = -1;
    int endPos = -1; // byte offset just past the statement (before ';')

    // Select / Explain / Subscribe / CreateView / Insert ... SELECT
    SelectUnionPtr select;

    // Names: the object a DDL/DML statement acts on
    ObjectKind objectKind = ObjectKind::Unknown;
    std::string database;
    std::string name;
    bool ifExists = false;
    bool ifNotExists = false;
    bool orReplace = false;
    bool temporary = false;

    // CREATE STREAM
    std::vector<ColumnDef> columns;
    std::vector<ExprPtr> primaryKey;
    std::vector<ExprPtr> orderBy;
    std::vector<ExprPtr> partitionBy;
    ExprPtr ttl;
    std::vector<Setting> settings; // CREATE ... SETTINGS, query SETTINGS, SET k=v list, DROP ... SETTINGS
    std::string comment;
    // CREATE STREAM x AS SELECT: `select` is set

    // CREATE [MATERIALIZED] VIEW
    bool materialized = false;
    std::string intoDatabase, intoName; // INTO target

    // INSERT
    std::vector<std::string> insertColumns;
    std::vector<std::vector<ExprPtr>> values; // VALUES rows
    std::string format;      // FORMAT name
    std::string formatData;  // inline data after FORMAT name
    bool insertIntoFunction = false;

    // RENAME: name -> newDatabase.newName (several pairs: extra ones in renames)
    std::string newDatabase, newName;
    std::vector<std::pair<std::string, std::string>> renames;

    // ALTER: textual commands kept, plus parsed MODIFY SETTING / MODIFY TTL
    std::string alterCommand; // "MODIFY SETTING", "MODIFY TTL", "ADD COLUMN", "DROP COLUMN", ...
    std::vector<ColumnDef> alterColumns;
    std::vector<std::string> alterDropColumns;

    // SHOW
    std::string showWhat;   // "STREAMS", "DATABASES", "CREATE", "FUNCTIONS", "SETTINGS", "FORMAT SCHEMAS", "VIEWS", "TABLES", ...
    ExprPtr showWhere;
    std::string showLike;
    std::string showFrom;   // SHOW STREAMS FROM db

    // EXPLAIN [AST|SYNTAX|PLAN|PIPELINE]
    std::string explainKind;
    std::shared_ptr<Statement> explained;

    // KILL QUERY WHERE ...
    ExprPtr killWhere;
    bool killSync = false;

    // SYSTEM ...: words after SYSTEM, e.g. "PAUSE MATERIALIZED VIEW", with the object in name
    std::string systemCommand;

    // CREATE FUNCTION
    std::vector<std::string> lambdaParams; ExprPtr lambdaBody;             // SQL UDF: f AS (x) -> body
    std::vector<std::pair<std::string, std::string>> functionArgs;           // JS/remote: (name type, ...)
    std::string returnType;
    std::string language;     // "JAVASCRIPT", "SQL", "" for remote
    std::string functionBody; // JS source between $$ ... $$ or a string literal
    bool aggregateFunction = false;
    bool remoteFunction = false;
    std::string url, authMethod, authHeader, authKey;
    ExprPtr executionTimeout;

    // CREATE FORMAT SCHEMA n AS '...' TYPE Protobuf
    std::string schemaBody, schemaType;

    // SUBSCRIBE/UNSUBSCRIBE/RECOVER
    std::string subscribeVerb; // "SUBSCRIBE", "UNSUBSCRIBE", "RECOVER"
    std::string queryId;
};
using StatementPtr = std::shared_ptr<Statement>;

} // namespace tideline::engine::sql
