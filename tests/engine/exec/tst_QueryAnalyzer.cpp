// The SQL analyzer (SQLAnalyzeResult of the REST API reference §5.1).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "engine/exec/Engine.h"
#include "engine/exec/QueryAnalyzer.h"
#include "engine/exec/Session.h"

using namespace tideline::engine;
namespace fs = std::filesystem;

namespace {

const std::string kTime = "datetime64(3, 'UTC')";

AnalyzeColumn req(const std::string &table, const std::string &column, const std::string &type, bool isView = false)
{
    return {"default", table, isView, column, type};
}

AnalyzeColumn out(const std::string &column, const std::string &type)
{
    return {"", "", false, column, type};
}

std::string show(const std::vector<AnalyzeColumn> &cols)
{
    std::string s;
    for (const auto &c : cols)
        s += "{" + c.database + "," + c.table + "," + (c.isView ? "view" : "stream") + "," + c.column + "," + c.columnType + "} ";
    return s;
}

class QueryAnalyzerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::random_device rd;
        m_dir = fs::temp_directory_path() / ("tideline-analyzer-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(m_dir);
        auto engine = Engine::open({.dataDir = m_dir.string(), .fsync = false});
        ASSERT_TRUE(engine) << engine.status().toString();
        m_engine = std::move(*engine);
        m_session = m_engine->createSession();
        exec("CREATE STREAM s (id int32, name string, v float64)");
        exec("CREATE STREAM t (id int32, label string)");
        exec("CREATE VIEW sv AS SELECT id, name FROM s WHERE v > 0");         // a streaming view
        exec("CREATE VIEW tv AS SELECT id, count() AS n FROM table(s) GROUP BY id"); // a bounded view
        exec("INSERT INTO s (id, name, v) VALUES (1, 'a', 1.5), (2, 'b', 2.5)");
    }

    void TearDown() override
    {
        m_session.reset();
        m_engine.reset();
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    void exec(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        ASSERT_TRUE(r) << sql << ": " << r.status().toString();
    }

    AnalyzeResult analyze(const std::string &sql)
    {
        auto r = analyzeQuery(*m_session, sql);
        EXPECT_TRUE(r) << sql << ": " << r.status().toString();
        return r ? *r : AnalyzeResult{};
    }

    fs::path m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<Session> m_session;
};

#define EXPECT_COLUMNS(actual, ...)                                                   \
    do {                                                                              \
        std::vector<AnalyzeColumn> expected_{__VA_ARGS__};                            \
        EXPECT_EQ(actual, expected_) << "actual:   " << show(actual) << "\nexpected: " << show(expected_); \
    } while (0)

TEST_F(QueryAnalyzerTest, StreamingTailQuery)
{
    const std::string sql = "SELECT id, name FROM s WHERE v > 1";
    AnalyzeResult r = analyze(sql);
    EXPECT_EQ(r.originalQuery, sql);
    EXPECT_EQ(r.rewrittenQuery, sql);
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_TRUE(r.isStreaming);
    EXPECT_FALSE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "name", "string"), req("s", "v", "float64"));
    EXPECT_COLUMNS(r.resultColumns, out("id", "int32"), out("name", "string"));
}

TEST_F(QueryAnalyzerTest, TableQueryWithGroupByAndAggregates)
{
    AnalyzeResult r = analyze("SELECT id, count() AS n, avg(v) FROM table(s) WHERE name != '' GROUP BY id ORDER BY n DESC");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_FALSE(r.isStreaming);
    EXPECT_TRUE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_EQ(r.groupByColumns, std::vector<std::string>{"id"});
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "v", "float64"), req("s", "name", "string"));
    EXPECT_COLUMNS(r.resultColumns, out("id", "int32"), out("n", "uint64"), out("avg(v)", "float64"));
}

TEST_F(QueryAnalyzerTest, GroupByExpressionsAsWritten)
{
    AnalyzeResult r = analyze("SELECT id % 2 AS parity, name, sum(v) FROM table(s) GROUP BY parity, name, id % 2");
    EXPECT_TRUE(r.hasAggr);
    EXPECT_EQ(r.groupByColumns, (std::vector<std::string>{"parity", "name", "modulo(id, 2)"}));
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "name", "string"), req("s", "v", "float64"));
}

TEST_F(QueryAnalyzerTest, BoundedBySettings)
{
    AnalyzeResult r = analyze("SELECT id FROM s SETTINGS query_mode='table'");
    EXPECT_FALSE(r.isStreaming);
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"));

    auto other = m_engine->createSession();
    ASSERT_TRUE(other->execute("SET query_mode = 'table'"));
    auto r2 = analyzeQuery(*other, "SELECT id FROM s");
    ASSERT_TRUE(r2) << r2.status().toString();
    EXPECT_FALSE(r2->isStreaming);

    // Without a FROM, or over numbers(): bounded.
    AnalyzeResult one = analyze("SELECT 1 AS x");
    EXPECT_FALSE(one.isStreaming);
    EXPECT_TRUE(one.requiredColumns.empty());
    EXPECT_COLUMNS(one.resultColumns, out("x", "uint8"));
    EXPECT_FALSE(analyze("SELECT number FROM numbers(3)").isStreaming);

    // A streaming aggregation is still streaming; its result columns come from bounded planning.
    AnalyzeResult agg = analyze("SELECT count() FROM s");
    EXPECT_TRUE(agg.isStreaming);
    EXPECT_TRUE(agg.hasAggr);
    EXPECT_TRUE(agg.requiredColumns.empty());
    EXPECT_COLUMNS(agg.resultColumns, out("count()", "uint64"));
}

TEST_F(QueryAnalyzerTest, Join)
{
    AnalyzeResult r = analyze("SELECT a.id, b.label FROM table(s) AS a INNER JOIN table(t) AS b ON a.id = b.id WHERE a.v > 0");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_FALSE(r.isStreaming);
    EXPECT_FALSE(r.hasAggr);
    EXPECT_TRUE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("t", "label", "string"), req("t", "id", "int32"), req("s", "v", "float64"));
    ASSERT_EQ(r.resultColumns.size(), 2u);
    EXPECT_EQ(r.resultColumns[0].columnType, "int32");
    EXPECT_EQ(r.resultColumns[1].columnType, "string");

    // A stream joined unbounded makes the query streaming; USING reads both sides.
    AnalyzeResult s = analyze("SELECT name, label FROM s JOIN table(t) USING (id)");
    EXPECT_TRUE(s.isStreaming);
    EXPECT_TRUE(s.hasTableJoin);
    EXPECT_COLUMNS(s.requiredColumns, req("s", "name", "string"), req("t", "label", "string"), req("s", "id", "int32"), req("t", "id", "int32"));
    EXPECT_COLUMNS(s.resultColumns, out("name", "string"), out("label", "string"));
}

TEST_F(QueryAnalyzerTest, Union)
{
    AnalyzeResult r = analyze("SELECT id FROM table(s) UNION ALL SELECT id FROM t");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_TRUE(r.isStreaming); // the second part reads t unbounded
    EXPECT_FALSE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_TRUE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("t", "id", "int32"));
    EXPECT_COLUMNS(r.resultColumns, out("id", "int32"));

    EXPECT_FALSE(analyze("SELECT id FROM table(s) UNION ALL SELECT id FROM table(t)").isStreaming);
}

TEST_F(QueryAnalyzerTest, Subquery)
{
    AnalyzeResult r = analyze("SELECT id FROM (SELECT id, v FROM table(s) WHERE v > 0) WHERE id IN (SELECT id FROM t)");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_FALSE(r.isStreaming); // a subquery used as a value does not stream the query
    EXPECT_FALSE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_TRUE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "v", "float64"), req("t", "id", "int32"));
    EXPECT_COLUMNS(r.resultColumns, out("id", "int32"));

    // A FROM subquery over a stream streams; an aggregate in it makes the query aggregating.
    AnalyzeResult s = analyze("SELECT c FROM (SELECT count() AS c FROM s)");
    EXPECT_TRUE(s.isStreaming);
    EXPECT_TRUE(s.hasAggr);
    EXPECT_TRUE(s.hasSubquery);
    EXPECT_TRUE(s.groupByColumns.empty());
    EXPECT_COLUMNS(s.resultColumns, out("c", "uint64"));

    // An aggregate only in a value subquery does not.
    AnalyzeResult v = analyze("SELECT id FROM table(s) WHERE v > (SELECT avg(v) FROM table(s))");
    EXPECT_FALSE(v.hasAggr);
    EXPECT_TRUE(v.hasSubquery);
    EXPECT_COLUMNS(v.requiredColumns, req("s", "id", "int32"), req("s", "v", "float64"));

    // A CTE counts as a subquery and is followed for sources.
    AnalyzeResult c = analyze("WITH x AS (SELECT id, name FROM s) SELECT name FROM x");
    EXPECT_TRUE(c.hasSubquery);
    EXPECT_TRUE(c.isStreaming);
    EXPECT_COLUMNS(c.requiredColumns, req("s", "id", "int32"), req("s", "name", "string"));
    EXPECT_COLUMNS(c.resultColumns, out("name", "string"));
}

TEST_F(QueryAnalyzerTest, TumbleWindowOverTable)
{
    AnalyzeResult r = analyze("SELECT window_start, count() AS c, max(v) FROM tumble(table(s), 5s) GROUP BY window_start");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_FALSE(r.isStreaming);
    EXPECT_TRUE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_EQ(r.groupByColumns, std::vector<std::string>{"window_start"});
    EXPECT_COLUMNS(r.requiredColumns, req("s", "_tp_time", kTime), req("s", "v", "float64"));
    EXPECT_COLUMNS(r.resultColumns, out("window_start", kTime), out("c", "uint64"), out("max(v)", "float64"));

    // Over the stream itself: streaming, same columns.
    AnalyzeResult s = analyze("SELECT window_start, window_end, count() FROM tumble(s, 5s) GROUP BY window_start, window_end");
    EXPECT_TRUE(s.isStreaming);
    EXPECT_EQ(s.groupByColumns, (std::vector<std::string>{"window_start", "window_end"}));
    EXPECT_COLUMNS(s.requiredColumns, req("s", "_tp_time", kTime));
    EXPECT_COLUMNS(s.resultColumns, out("window_start", kTime), out("window_end", kTime), out("count()", "uint64"));
}

TEST_F(QueryAnalyzerTest, SelectStar)
{
    AnalyzeResult r = analyze("SELECT * FROM s");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_TRUE(r.isStreaming);
    EXPECT_FALSE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "name", "string"), req("s", "v", "float64"), req("s", "_tp_time", kTime));
    EXPECT_COLUMNS(r.resultColumns, out("id", "int32"), out("name", "string"), out("v", "float64"), out("_tp_time", kTime));

    AnalyzeResult e = analyze("SELECT * EXCEPT (name, _tp_time) FROM table(s)");
    EXPECT_FALSE(e.isStreaming);
    EXPECT_COLUMNS(e.requiredColumns, req("s", "id", "int32"), req("s", "v", "float64"));
    EXPECT_COLUMNS(e.resultColumns, out("id", "int32"), out("v", "float64"));

    // A qualified * in a join reads only its side.
    AnalyzeResult j = analyze("SELECT b.* FROM table(s) AS a JOIN table(t) AS b ON a.id = b.id");
    EXPECT_COLUMNS(j.requiredColumns, req("t", "id", "int32"), req("t", "label", "string"), req("t", "_tp_time", kTime), req("s", "id", "int32"));
}

TEST_F(QueryAnalyzerTest, View)
{
    AnalyzeResult r = analyze("SELECT name FROM sv WHERE id > 1");
    EXPECT_EQ(r.queryType, "SELECT");
    EXPECT_TRUE(r.isStreaming); // sv reads s unbounded
    EXPECT_FALSE(r.hasAggr);
    EXPECT_FALSE(r.hasTableJoin);
    EXPECT_FALSE(r.hasUnion);
    EXPECT_FALSE(r.hasSubquery);
    EXPECT_TRUE(r.groupByColumns.empty());
    EXPECT_COLUMNS(r.requiredColumns, req("sv", "name", "string", true), req("sv", "id", "int32", true));
    EXPECT_COLUMNS(r.resultColumns, out("name", "string"));

    // table(view) and a view whose definition is bounded: not streaming.
    EXPECT_FALSE(analyze("SELECT id FROM table(sv)").isStreaming);
    AnalyzeResult b = analyze("SELECT * FROM tv");
    EXPECT_FALSE(b.isStreaming);
    EXPECT_FALSE(b.hasAggr); // the view's definition is not expanded
    EXPECT_COLUMNS(b.requiredColumns, req("tv", "id", "int32", true), req("tv", "n", "uint64", true));
    EXPECT_COLUMNS(b.resultColumns, out("id", "int32"), out("n", "uint64"));
}

TEST_F(QueryAnalyzerTest, AliasesAndLambdas)
{
    AnalyzeResult r = analyze("SELECT id + 1 AS id2, array_map(x -> x + v, [1, 2]) AS m FROM table(s) WHERE id2 > 1 ORDER BY id2");
    EXPECT_COLUMNS(r.requiredColumns, req("s", "id", "int32"), req("s", "v", "float64"));
    ASSERT_EQ(r.resultColumns.size(), 2u);
    EXPECT_EQ(r.resultColumns[0].column, "id2");
    EXPECT_EQ(r.resultColumns[1].column, "m");
}

TEST_F(QueryAnalyzerTest, NonSelectStatements)
{
    struct Case {
        std::string sql, type;
    };
    const std::vector<Case> cases = {
        {"CREATE STREAM x (a int32)", "CREATE"},
        {"CREATE VIEW w AS SELECT id FROM s", "CREATE"},
        {"CREATE DATABASE d", "CREATE"},
        {"INSERT INTO s (id, name, v) VALUES (3, 'c', 1)", "INSERT"},
        {"INSERT INTO t SELECT id, name FROM table(s)", "INSERT"},
        {"DROP STREAM s", "DROP"},
        {"DROP VIEW sv", "DROP"},
        {"TRUNCATE STREAM s", "DROP"},
        {"RENAME STREAM s TO s2", "RENAME"},
        {"ALTER STREAM s MODIFY SETTING logstore_retention_ms = 1000", "ALTER"},
        {"SHOW STREAMS", "SHOW_TABLE"},
        {"SHOW DATABASES", "SHOW_TABLE"},
        {"SHOW CREATE STREAM s", "SHOW_CREATE_TABLE"},
        {"SHOW FUNCTIONS", "SHOW_FUNCTIONS"},
        {"DESCRIBE s", "DESCRIBE"},
        {"EXPLAIN SELECT id FROM table(s)", "EXPLAIN"},
        {"USE default", "USE"},
        {"SET query_mode = 'table'", "SET"},
        {"OPTIMIZE STREAM s", "OPTIMIZE"},
        {"KILL QUERY WHERE query_id = 'x'", "KILL"},
        {"SYSTEM FLUSH LOGS", "SYSTEM"},
        {"UNSUBSCRIBE TO 'q1'", "UNSUBSCRIBE"},
        {"RECOVER FROM 'q1'", "RECOVER"},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.sql);
        auto r = analyzeQuery(*m_session, c.sql);
        ASSERT_TRUE(r) << r.status().toString();
        EXPECT_EQ(r->originalQuery, c.sql);
        EXPECT_EQ(r->rewrittenQuery, c.sql);
        EXPECT_EQ(r->queryType, c.type);
        EXPECT_TRUE(r->isStreaming);
        EXPECT_FALSE(r->hasAggr);
        EXPECT_FALSE(r->hasTableJoin);
        EXPECT_FALSE(r->hasUnion);
        EXPECT_FALSE(r->hasSubquery);
        EXPECT_TRUE(r->groupByColumns.empty());
        EXPECT_TRUE(r->requiredColumns.empty());
        EXPECT_TRUE(r->resultColumns.empty());
    }
    // Analyzing runs nothing: the objects are all still there, no new ones appeared.
    EXPECT_TRUE(m_engine->find("default", "s"));
    EXPECT_TRUE(m_engine->find("default", "sv"));
    EXPECT_FALSE(m_engine->find("default", "x"));
    EXPECT_FALSE(m_engine->find("default", "s2"));
    EXPECT_EQ(m_session->setting("query_mode"), "");
}

TEST_F(QueryAnalyzerTest, TrailingSemicolonKeptInOriginal)
{
    AnalyzeResult r = analyze("SELECT id FROM table(s);");
    EXPECT_EQ(r.originalQuery, "SELECT id FROM table(s);");
    EXPECT_EQ(r.rewrittenQuery, r.originalQuery);
    EXPECT_FALSE(r.isStreaming);
}

TEST_F(QueryAnalyzerTest, SyntaxError)
{
    auto r = analyzeQuery(*m_session, "SELECT id FORM s");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().code(), 62);
    EXPECT_GE(r.status().position(), 0);
    EXPECT_NE(r.status().message().find("Syntax error"), std::string::npos) << r.status().message();

    auto empty = analyzeQuery(*m_session, "");
    EXPECT_FALSE(empty);
}

TEST_F(QueryAnalyzerTest, PlanningErrors)
{
    auto unknownStream = analyzeQuery(*m_session, "SELECT * FROM nope");
    ASSERT_FALSE(unknownStream);
    EXPECT_EQ(unknownStream.status().code(), 60);

    auto unknownColumn = analyzeQuery(*m_session, "SELECT nope FROM s");
    ASSERT_FALSE(unknownColumn);
    EXPECT_EQ(unknownColumn.status().code(), 47);
}

} // namespace
