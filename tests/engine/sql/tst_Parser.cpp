#include <gtest/gtest.h>

#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"
#include "tests/engine/sql/SqlCorpus.h"

using namespace tideline::engine;
using namespace tideline::engine::sql;

namespace {

StatementPtr mustParse(std::string_view sql)
{
    auto r = parseStatement(sql);
    EXPECT_TRUE(r.isOk()) << sql << "\n" << r.status().message();
    return r.isOk() ? *r : std::make_shared<Statement>();
}

ExprPtr expr(std::string_view text)
{
    auto r = parseExpression(text);
    EXPECT_TRUE(r.isOk()) << text << "\n" << r.status().message();
    return r.isOk() ? *r : std::make_shared<Expr>();
}

// A compact S-expression of an expression tree, so expectations stay readable.
std::string sexpr(const Expr &e)
{
    std::string out;
    switch (e.kind) {
    case ExprKind::Literal: out = e.literalKind == LiteralKind::String ? "'" + e.text + "'" : e.text; break;
    case ExprKind::Identifier:
        for (size_t i = 0; i < e.parts.size(); ++i)
            out += (i ? "." : "") + e.parts[i];
        break;
    case ExprKind::Asterisk: out = "*"; break;
    case ExprKind::Function: {
        out = e.name;
        if (!e.parameters.empty()) {
            out += "[";
            for (size_t i = 0; i < e.parameters.size(); ++i)
                out += (i ? " " : "") + sexpr(*e.parameters[i]);
            out += "]";
        }
        out += "(" + std::string(e.distinct ? "DISTINCT " : "");
        for (size_t i = 0; i < e.args.size(); ++i)
            out += (i ? " " : "") + sexpr(*e.args[i]);
        out += ")";
        if (e.over)
            out += " over";
        break;
    }
    case ExprKind::Lambda: {
        out = "lambda(";
        for (const auto &p : e.params)
            out += p + " ";
        out += sexpr(*e.args[0]) + ")";
        break;
    }
    case ExprKind::Subquery: out = "subquery"; break;
    case ExprKind::Interval: out = "interval(" + sexpr(*e.args[0]) + " " + intervalUnitName(e.intervalUnit) + ")"; break;
    case ExprKind::Columns: out = "columns(" + e.text + ")"; break;
    case ExprKind::QueryParameter: out = "{" + e.text + ":" + e.typeName + "}"; break;
    }
    if (!e.alias.empty())
        out += "@" + e.alias;
    return out;
}

struct ExprCase {
    const char *sql;
    const char *tree;
};

const ExprCase kExprCases[] = {
    {"a + b * c", "plus(a multiply(b c))"},
    {"a - b - c", "minus(minus(a b) c)"},
    {"(a - b) * c", "multiply(minus(a b) c)"},
    {"-1", "-1"},
    {"-a", "negate(a)"},
    {"- -1", "negate(-1)"},
    {"-(1)", "-1"},
    {"a = b AND c != d OR e <> f", "or(and(equals(a b) not_equals(c d)) not_equals(e f))"},
    {"a AND b AND c", "and(a b c)"},
    {"(a AND b) AND c", "and(and(a b) c)"},
    {"a OR b OR c", "or(a b c)"},
    {"NOT a = b", "not(equals(a b))"},
    {"NOT a AND b", "and(not(a) b)"},
    {"a == b", "equals(a b)"},
    {"a <= b", "less_or_equals(a b)"},
    {"a >= b", "greater_or_equals(a b)"},
    {"a || b", "concat(a b)"},
    {"a LIKE 'x'", "like(a 'x')"},
    {"a NOT LIKE 'x'", "not_like(a 'x')"},
    {"a ILIKE 'x'", "ilike(a 'x')"},
    {"a NOT ILIKE 'x'", "not_ilike(a 'x')"},
    {"a IN (1, 2)", "in(a tuple(1 2))"},
    {"a NOT IN (1, 2)", "not_in(a tuple(1 2))"},
    {"a IN (SELECT 1)", "in(a subquery)"},
    {"a IS NULL", "is_null(a)"},
    {"a IS NOT NULL", "is_not_null(a)"},
    {"a BETWEEN 1 AND 2", "between(a 1 2)"},
    {"a NOT BETWEEN 1 AND 2", "not_between(a 1 2)"},
    {"a BETWEEN 1 AND 2 AND b", "and(between(a 1 2) b)"},
    {"CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END", "multi_if(a 1 b 2 3)"},
    {"CASE WHEN a THEN 1 END", "multi_if(a 1 NULL)"},
    {"CASE x WHEN 1 THEN 'a' ELSE 'b' END", "case_with_expression(x 1 'a' 'b')"},
    {"x::int", "cast(x 'int')"},
    {"CAST(x AS nullable(string))", "cast(x 'nullable(string)')"},
    {"CAST(x, 'int')", "cast(x 'int')"},
    {"cast(x AS datetime64(3,'UTC'))", "cast(x 'datetime64(3, 'UTC')')"},
    {"arr[1]", "array_element(arr 1)"},
    {"t.1", "tuple_element(t 1)"},
    {"t.1.2", "tuple_element(tuple_element(t 1) 2)"},
    {"f(x).name", "tuple_element(f(x) 'name')"},
    {"raw:a.b", "json_path(raw 'a.b')"},
    {"raw:a.b::int", "cast(json_path(raw 'a.b') 'int')"},
    {"raw:b[*]", "json_path(raw 'b[*]')"},
    {"[1, 2]", "array(1 2)"},
    {"(1, 2)", "tuple(1 2)"},
    {"{'k': 1}", "map('k' 1)"},
    {"INTERVAL 5 SECOND", "interval(5 second)"},
    {"interval 2 minutes", "interval(2 minute)"},
    {"5s", "interval(5 second)"},
    {"2m", "interval(2 minute)"},
    {"2M", "interval(2 month)"},
    {"1ms", "interval(1 millisecond)"},
    {"1us", "interval(1 microsecond)"},
    {"1ns", "interval(1 nanosecond)"},
    {"1h", "interval(1 hour)"},
    {"1d", "interval(1 day)"},
    {"1w", "interval(1 week)"},
    {"1q", "interval(1 quarter)"},
    {"1y", "interval(1 year)"},
    {"-2h", "interval(-2 hour)"},
    {"x -> x + 1", "lambda(x plus(x 1))"},
    {"(x, y) -> x * y", "lambda(x y multiply(x y))"},
    {"EXISTS (SELECT 1)", "exists(subquery)"},
    {"quantile(0.9)(x)", "quantile[0.9](x)"},
    {"count(*)", "count(*)"},
    {"count(DISTINCT x)", "count(DISTINCT x)"},
    {"COUNT(x)", "count(x)"},
    {"toDateTime(x)", "toDateTime(x)"},
    {"a ? b : c", "if(a b c)"},
    {"sum(x) OVER (PARTITION BY k)", "sum(x) over"},
    {"0x1F", "0x1F"},
    {".5", "0.5"},
    {"1e10", "1e10"},
    {"'it''s'", "'it's'"},
    {"'a\\tb'", "'a\tb'"},
    {"`a b`", "a b"},
    {"\"x\"", "x"},
    {"db.t.c", "db.t.c"},
    {"f(a AS b)", "f(a@b)"},
    {"a DIV b", "int_div(a b)"},
    {"{id:uint32}", "{id:uint32}"},
    {"COLUMNS('^a')", "columns(^a)"},
    {"a = 1 -- { serverError 62 }", "equals(a 1)"},
};

} // namespace

TEST(Parser, CorpusParses)
{
    int n = 0;
    for (std::string_view sql : test::kValidStatements) {
        mustParse(sql);
        ++n;
    }
    EXPECT_GT(n, 200);
}

class ExprTree : public testing::TestWithParam<ExprCase> {};

TEST_P(ExprTree, ParsesToCanonicalCalls)
{
    EXPECT_EQ(sexpr(*expr(GetParam().sql)), GetParam().tree) << GetParam().sql;
}

INSTANTIATE_TEST_SUITE_P(Parser, ExprTree, testing::ValuesIn(kExprCases));

TEST(Parser, StatementShapes)
{
    auto st = mustParse("CREATE MATERIALIZED VIEW IF NOT EXISTS db.mv INTO db.t AS SELECT 1");
    EXPECT_EQ(st->kind, StatementKind::CreateView);
    EXPECT_TRUE(st->materialized);
    EXPECT_TRUE(st->ifNotExists);
    EXPECT_EQ(st->database, "db");
    EXPECT_EQ(st->name, "mv");
    EXPECT_EQ(st->intoDatabase, "db");
    EXPECT_EQ(st->intoName, "t");

    st = mustParse("CREATE STREAM s (a int, b nullable(String) DEFAULT 'x') PRIMARY KEY a SETTINGS mode='versioned_kv'");
    ASSERT_EQ(st->columns.size(), 2u);
    EXPECT_EQ(st->columns[0].typeName, "int32");
    EXPECT_EQ(st->columns[1].typeName, "nullable(string)");
    EXPECT_EQ(st->primaryKey.size(), 1u);
    EXPECT_EQ(st->settings[0].name, "mode");

    st = mustParse("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
    EXPECT_EQ(st->insertColumns, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(st->values.size(), 2u);

    st = mustParse("INSERT INTO t FORMAT CSV\n1,2\n3,4\n");
    EXPECT_EQ(st->format, "CSV");
    EXPECT_EQ(st->formatData, "1,2\n3,4");

    st = mustParse("CREATE FUNCTION f(a float32) RETURNS float32 LANGUAGE JAVASCRIPT AS $$ return a; $$ EXECUTION_TIMEOUT 100");
    EXPECT_EQ(st->functionBody, " return a; ");
    EXPECT_EQ(st->language, "JAVASCRIPT");
    EXPECT_EQ(st->returnType, "float32");
    ASSERT_TRUE(st->executionTimeout);

    st = mustParse("CREATE FUNCTION add5 AS (x) -> x + 5");
    EXPECT_EQ(st->lambdaParams, std::vector<std::string>{"x"});
    EXPECT_EQ(sexpr(*st->lambdaBody), "plus(x 5)");

    st = mustParse("SYSTEM PAUSE MATERIALIZED VIEW db.mv");
    EXPECT_EQ(st->systemCommand, "PAUSE MATERIALIZED VIEW");
    EXPECT_EQ(st->name, "mv");

    st = mustParse("SHOW CREATE STREAM s");
    EXPECT_EQ(st->showWhat, "CREATE");
    EXPECT_EQ(st->objectKind, ObjectKind::Stream);

    st = mustParse("EXPLAIN PLAN SELECT 1");
    ASSERT_TRUE(st->explained);
    EXPECT_EQ(st->explainKind, "PLAN");
}

TEST(Parser, SelectShapes)
{
    auto st = mustParse("SELECT a, count() AS c FROM tumble(s, ts, 5s) AS w LEFT ASOF JOIN table(d) AS x ON w.k = x.k "
                        "WHERE a > 1 PARTITION BY k GROUP BY a, window_start HAVING c > 1 ORDER BY a DESC LIMIT 10 "
                        "EMIT STREAM AFTER WATERMARK WITH DELAY 2s SETTINGS seek_to='earliest'");
    const SelectQuery &q = *st->select->selects[0];
    ASSERT_TRUE(q.from);
    EXPECT_EQ(q.from->kind, TableExpr::Kind::Function);
    EXPECT_EQ(q.from->name, "tumble");
    EXPECT_EQ(q.from->alias, "w");
    ASSERT_EQ(q.joins.size(), 1u);
    EXPECT_EQ(q.joins[0].kind, JoinKind::Left);
    EXPECT_EQ(q.joins[0].strictness, JoinStrictness::Asof);
    EXPECT_EQ(q.partitionBy.size(), 1u);
    EXPECT_EQ(q.orderBy[0].descending, true);
    EXPECT_TRUE(q.emit.present);
    EXPECT_EQ(q.emit.streamKind, EmitKind::Stream);
    EXPECT_TRUE(q.emit.afterWatermark);
    ASSERT_TRUE(q.emit.delay);
    EXPECT_EQ(sexpr(*q.emit.delay), "interval(2 second)");
    EXPECT_EQ(q.settings[0].name, "seek_to");

    st = mustParse("SELECT 1 EMIT AFTER WINDOW CLOSE WITH DELAY 1s AND TIMEOUT 3s");
    EXPECT_TRUE(st->select->selects[0]->emit.windowCloseSpelling);
    EXPECT_TRUE(st->select->selects[0]->emit.timeout);

    st = mustParse("SELECT 1 EMIT PERIODIC 2s ON UPDATE");
    EXPECT_TRUE(st->select->selects[0]->emit.onUpdate);
    EXPECT_TRUE(st->select->selects[0]->emit.periodic);

    st = mustParse("SELECT * FROM session(s, 1m, [a, b))");
    EXPECT_EQ(sexpr(*st->select->selects[0]->from->args[2]), "session_range(a b true false)");

    st = mustParse("SELECT 1 UNION ALL SELECT 2 UNION DISTINCT SELECT 3");
    EXPECT_EQ(st->select->selects.size(), 3u);
    EXPECT_EQ(st->select->unionDistinct, (std::vector<bool>{false, true}));

    st = mustParse("WITH c AS (SELECT 1), 2 AS two SELECT * FROM c");
    EXPECT_EQ(st->select->selects[0]->ctes.size(), 1u);
    EXPECT_EQ(st->select->selects[0]->with.size(), 1u);

    st = mustParse("SELECT a FROM t LIMIT 5, 10");
    EXPECT_EQ(sexpr(*st->select->selects[0]->limit), "10");
    EXPECT_EQ(sexpr(*st->select->selects[0]->offset), "5");
}

TEST(Parser, MultipleStatementsAndSplitting)
{
    auto r = parseStatements("SELECT 1; ; SELECT ';' -- ; comment\n; INSERT INTO t FORMAT CSV\n1;2\n3\n;\nSELECT 2;");
    ASSERT_TRUE(r.isOk()) << r.status().message();
    ASSERT_EQ(r->size(), 4u);
    EXPECT_EQ((*r)[2]->formatData, "1;2\n3");
    auto parts = splitStatements("SELECT 1; SELECT 'a;b'; CREATE FUNCTION f(a int) RETURNS int LANGUAGE JAVASCRIPT AS $$ a; b $$;");
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[1], "SELECT 'a;b'");
}

struct ErrorCase {
    const char *sql;
    int position;
    const char *messagePart;
};

const ErrorCase kErrorCases[] = {
    {"SELEC 1", 0, "Expected one of"},
    {"SELECT 1 FORM t", 14, "FROM"},
    {"SELECT (1", 9, "closing round bracket"},
    {"SELECT 'abc", 7, "unterminated"},
    {"SELECT a FROM", 13, "end of query"},
    {"SELECT 1abc", 7, "wrong number"},
    {"CREATE STREAM", 13, "identifier"},
    {"CREATE STRAEM s (a int)", 7, "STREAM"},
    {"SELECT * FROM s EMIT", 20, "PERIODIC"},
    {"SELECT * FROM s EMIT PERIODIC 5s AND", 36, "LAST"},
    {"SELECT CASE END", 15, "WHEN"},
    {"INSERT INTO t VALUES (1", 23, "closing round bracket"},
    {"INSERT INTO t (a) 1", 18, "SELECT"},
    {"SELECT a | b", 9, "'|'"},
    {"SELECT 1 +", 10, "expression"},
    {"DROP s", 5, "STREAM"},
    {"SELECT /* unterminated", 7, "comment"},
    {"SELECT * FROM session(s, 1m, [a, b, c))", 34, "closing round bracket"},
    {"SELECT INTERVAL 5 SECONDZ", 18, "interval unit"},
    {"SELECT 1 SETTINGS a", 19, "'='"},
    {"ALTER STREAM s FOO", 15, "MODIFY SETTING"},
    {"SELECT 1; SELECT 2 3", 19, ""},
    {"KILL a", 5, "QUERY"},
    {"SELECT a ! b", 9, "'!'"},
    {"SELECT x::", 10, "identifier"},
};

class ParserErrors : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParserErrors, ReportSyntaxErrorWithPosition)
{
    const ErrorCase &c = GetParam();
    auto r = parseStatements(c.sql);
    ASSERT_FALSE(r.isOk()) << c.sql;
    EXPECT_EQ(r.status().code(), 62) << c.sql << ": " << r.status().message();
    EXPECT_EQ(r.status().position(), c.position) << c.sql << ": " << r.status().message();
    EXPECT_NE(r.status().message().find("Syntax error: failed at position " + std::to_string(c.position + 1)), std::string::npos)
        << r.status().message();
    EXPECT_NE(r.status().message().find(c.messagePart), std::string::npos) << c.sql << ": " << r.status().message();
}

INSTANTIATE_TEST_SUITE_P(Parser, ParserErrors, testing::ValuesIn(kErrorCases));

TEST(Parser, DeepNestingFailsCleanly)
{
    for (std::string open : {"(", "[", "- ", "NOT ", "f(", "(SELECT "}) {
        std::string sql = "SELECT ";
        for (int i = 0; i < 5000; ++i)
            sql += open;
        sql += "1";
        auto r = parseStatement(sql);
        ASSERT_FALSE(r.isOk());
        EXPECT_EQ(r.status().code(), 306) << open << ": " << r.status().message();
    }
    std::string chain = "SELECT 1";
    for (int i = 0; i < 5000; ++i)
        chain += " - 1";
    EXPECT_EQ(parseStatement(chain).status().code(), 306);
    std::string flat = "SELECT 1";
    for (int i = 0; i < 5000; ++i)
        flat += " AND 1";
    EXPECT_TRUE(parseStatement(flat).isOk());
    std::string nestedFrom = "SELECT 1";
    for (int i = 0; i < 2000; ++i)
        nestedFrom = "SELECT * FROM (" + nestedFrom + ")";
    EXPECT_EQ(parseStatement(nestedFrom).status().code(), 306);
}

TEST(Parser, ModerateNestingWorks)
{
    std::string sql = "SELECT ";
    for (int i = 0; i < 100; ++i)
        sql += "(";
    sql += "1";
    for (int i = 0; i < 100; ++i)
        sql += ")";
    EXPECT_TRUE(parseStatement(sql).isOk());
}
