// JavaScript UDFs and UDAs in QJSEngine through a Workspace (which registers the runtime with its
// engine): scalar and aggregate functions in historical and streaming queries (the streaming
// emits driven by the injected clock), the time and memory limits stopping runaway scripts with
// the engine still healthy, script errors with Proton's codes, /udfs documents that create the
// same functions, and functions surviving a restart.
#include <QJsonArray>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include "engine/common/Clock.h"
#include "engine/exec/QueryCursor.h"
#include "engine/exec/Session.h"
#include "engine/formats/ValueWriter.h"
#include "workspace/ResourceCatalog.h"
#include "workspace/Workspace.h"

using namespace tideline;
using namespace tideline::workspace;

namespace {

constexpr int64_t kSecond = 1000000000LL;

const char *kAddFive = "CREATE FUNCTION add_five(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$\n"
                       "function add_five(x) { return x.map(v => v + 5); }\n$$";
// Proton's second-largest example (docs/js-udf.md), with every optional member.
const char *kSecondMax = R"(CREATE AGGREGATE FUNCTION second_max(value float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$
{
  initialize: function() { this.max = -1.0; this.sec = -1.0; },
  process: function(values) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v > this.max) { this.sec = this.max; this.max = v; } else if (v > this.sec) { this.sec = v; }
    }
  },
  finalize: function() { return this.sec; },
  serialize: function() { return JSON.stringify({max: this.max, sec: this.sec}); },
  deserialize: function(s) { const o = JSON.parse(s); this.max = o.max; this.sec = o.sec; },
  merge: function(s) {
    const o = JSON.parse(s);
    for (const v of [o.max, o.sec]) {
      if (v > this.max) { this.sec = this.max; this.max = v; } else if (v > this.sec) { this.sec = v; }
    }
  },
  has_customized_emit: false
}
$$)";

class JavaScriptRuntimeTest : public ::testing::Test {
protected:
    void SetUp() override { open(); }
    void open(JsLimits limits = {})
    {
        m_session.reset();
        m_ws.reset();
        auto ws = Workspace::open({.dataDir = m_dir.path(), .clock = &m_clock, .javascriptLimits = limits});
        ASSERT_TRUE(ws) << ws.failure().message.toStdString();
        m_ws = std::move(*ws);
        m_session = m_ws->engine().createSession();
    }
    void run(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        ASSERT_TRUE(r.isOk()) << sql << ": " << r.status().message();
    }
    // Rows of a bounded query ("a\tb"), sorted; or the error as "error <code>".
    std::vector<std::string> rows(const std::string &sql)
    {
        auto r = m_session->execute(sql);
        if (!r.isOk())
            return {"error " + std::to_string(r.status().code())};
        std::vector<std::string> out;
        engine::Block b;
        for (;;) {
            auto more = (*r)->next(b);
            if (!more.isOk())
                return {"error " + std::to_string(more.status().code()) + ": " + more.status().message()};
            if (!*more)
                break;
            append(b, out);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    static void append(const engine::Block &b, std::vector<std::string> &out)
    {
        for (size_t r = 0; r < b.rows(); ++r) {
            std::string line;
            for (size_t c = 0; c < b.columnCount(); ++c)
                line += (c ? "\t" : "") + engine::valueToString(*b.at(c).column, r);
            out.push_back(line);
        }
    }
    std::vector<std::string> nextBlock(engine::QueryCursor &c)
    {
        engine::Block b;
        auto p = c.poll(b);
        EXPECT_TRUE(p.isOk()) << p.status().message();
        std::vector<std::string> out;
        if (p.isOk() && *p == engine::Pull::Block)
            append(b, out);
        std::sort(out.begin(), out.end());
        return out;
    }

    QTemporaryDir m_dir;
    engine::ManualClock m_clock{1767225600LL * kSecond};
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<engine::Session> m_session;
};

using Rows = std::vector<std::string>;

} // namespace

TEST_F(JavaScriptRuntimeTest, ScalarFunctionInHistoricalAndStreamingQueries)
{
    run("CREATE STREAM s (k string, v float64)");
    run(kAddFive);
    run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2.5)");
    EXPECT_EQ(rows("SELECT k, add_five(v) FROM table(s)"), (Rows{"a\t6", "b\t7.5"}));
    EXPECT_EQ(rows("SELECT add_five(10)"), (Rows{"15"}));

    auto c = m_session->execute("SELECT k, add_five(v) FROM s WHERE add_five(v) > 10");
    ASSERT_TRUE(c.isOk()) << c.status().message();
    run("INSERT INTO s (k, v) VALUES ('x', 1), ('y', 7)");
    EXPECT_EQ(nextBlock(**c), (Rows{"y\t12"}));
}

TEST_F(JavaScriptRuntimeTest, AggregateFunctionInHistoricalAndStreamingQueries)
{
    run("CREATE STREAM s (k string, v float64)");
    run(kSecondMax);
    run("INSERT INTO s (k, v) VALUES ('a', 1), ('a', 9), ('b', 4), ('a', 5), ('b', 3)");
    EXPECT_EQ(rows("SELECT k, second_max(v) FROM table(s) GROUP BY k"), (Rows{"a\t5", "b\t3"}));
    EXPECT_EQ(rows("SELECT second_max(v), count() FROM table(s)"), (Rows{"5\t5"}));

    auto c = m_session->execute("SELECT k, second_max(v) FROM s GROUP BY k EMIT PERIODIC 1s");
    ASSERT_TRUE(c.isOk()) << c.status().message();
    run("INSERT INTO s (k, v) VALUES ('x', 10), ('x', 20)");
    m_clock.advance(kSecond);
    EXPECT_EQ(nextBlock(**c), (Rows{"x\t10"}));
    run("INSERT INTO s (k, v) VALUES ('x', 15), ('y', 1), ('y', 2)");
    m_clock.advance(kSecond);
    EXPECT_EQ(nextBlock(**c), (Rows{"x\t15", "y\t1"})) << "the group's state carried over between blocks";
}

TEST_F(JavaScriptRuntimeTest, RunawayScriptIsStoppedByItsTimeLimitAndTheEngineStaysHealthy)
{
    run(kAddFive);
    run("CREATE FUNCTION spin(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function spin(x) { while (true) {} } $$ EXECUTION_TIMEOUT 300");
    Rows stopped = rows("SELECT spin(1)");
    ASSERT_EQ(stopped.size(), 1u);
    EXPECT_TRUE(stopped[0].starts_with("error 159")) << stopped[0];
    EXPECT_NE(stopped[0].find("time limit of 300 ms"), std::string::npos) << stopped[0];
    EXPECT_EQ(rows("SELECT add_five(1)"), (Rows{"6"})) << "other functions still run";
    EXPECT_EQ(rows("SELECT spin(1)").size(), 1u) << "and the stopped one can be called again";
    EXPECT_EQ(rows("SELECT 1 + 1"), (Rows{"2"}));
}

TEST_F(JavaScriptRuntimeTest, ScriptThatOutgrowsItsMemoryLimitIsStopped)
{
    open({.timeoutMs = 60000, .maxMemoryBytes = int64_t(64) << 20});
    run(kAddFive);
    run("CREATE FUNCTION hog(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$"
        " function hog(x) { const keep = []; while (true) keep.push(new Array(100000).fill(1.5)); } $$");
    Rows stopped = rows("SELECT hog(1)");
    ASSERT_EQ(stopped.size(), 1u);
    EXPECT_TRUE(stopped[0].starts_with("error 241")) << stopped[0];
    EXPECT_EQ(rows("SELECT add_five(1)"), (Rows{"6"}));
}

TEST_F(JavaScriptRuntimeTest, ScriptErrorsCarryProtonsCodesAndBadSourcesAreRefused)
{
    run("CREATE FUNCTION boom(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function boom(x) { throw new Error('no luck'); } $$");
    Rows thrown = rows("SELECT boom(1)");
    EXPECT_TRUE(thrown[0].starts_with("error 2533") && thrown[0].find("no luck") != std::string::npos) << thrown[0];
    run("CREATE FUNCTION scalar_out(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function scalar_out(x) { return 1; } $$");
    EXPECT_TRUE(rows("SELECT scalar_out(1)")[0].starts_with("error 2533"));
    run("CREATE FUNCTION short_out(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function short_out(x) { return []; } $$");
    EXPECT_TRUE(rows("SELECT short_out(1)")[0].starts_with("error 2533"));

    EXPECT_EQ(m_session->execute("CREATE FUNCTION broken(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function broken(x) { $$").status().code(), 2533);
    EXPECT_EQ(m_session->execute("CREATE FUNCTION other(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function f(x) { return x; } $$").status().code(), 2533);
    EXPECT_EQ(m_session->execute("CREATE AGGREGATE FUNCTION half(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ { process: function(v) {} } $$").status().code(), 2533);
    EXPECT_EQ(rows("SELECT broken(1)"), (Rows{"error 46"})) << "a refused function does not exist";
}

TEST_F(JavaScriptRuntimeTest, UdfDocumentsCreateReplaceAndDropTheSameFunctions)
{
    ResourceCatalog catalog(*m_ws);
    QJsonObject doc{{QStringLiteral("name"), QStringLiteral("plus_one")},
                    {QStringLiteral("type"), QStringLiteral("javascript")},
                    {QStringLiteral("arguments"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("type"), QStringLiteral("int64")}}}},
                    {QStringLiteral("return_type"), QStringLiteral("int64")},
                    {QStringLiteral("source"), QStringLiteral("function plus_one(x) { return x.map(v => v + 1); }")}};
    auto created = catalog.create(QStringLiteral("udf"), doc);
    ASSERT_TRUE(created) << created.failure().message.toStdString();
    EXPECT_EQ(rows("SELECT plus_one(41)"), (Rows{"42"}));

    auto again = catalog.create(QStringLiteral("udf"), doc);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.failure().httpStatus, 400);
    EXPECT_EQ(again.failure().code, 609);

    QJsonObject badType = doc;
    badType[QStringLiteral("name")] = QStringLiteral("typo");
    badType[QStringLiteral("return_type")] = QStringLiteral("int64) RETURNS string");
    auto refused = catalog.create(QStringLiteral("udf"), badType);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.failure().code, 50);
    EXPECT_FALSE(catalog.get(QStringLiteral("udf"), QStringLiteral("typo"))) << "nothing stored";

    doc[QStringLiteral("source")] = QStringLiteral("function plus_one(x) { return x.map(v => v + 100); }");
    ASSERT_TRUE(catalog.replace(QStringLiteral("udf"), QStringLiteral("plus_one"), doc));
    EXPECT_EQ(rows("SELECT plus_one(1)"), (Rows{"101"}));

    ASSERT_TRUE(catalog.remove(QStringLiteral("udf"), QStringLiteral("plus_one")));
    EXPECT_EQ(rows("SELECT plus_one(1)"), (Rows{"error 46"}));
}

TEST_F(JavaScriptRuntimeTest, FunctionsSurviveARestart)
{
    run("CREATE STREAM s (v float64)");
    run(kAddFive);
    run(kSecondMax);
    run("INSERT INTO s (v) VALUES (1), (2), (3)");
    open();
    EXPECT_EQ(rows("SELECT add_five(v) FROM table(s)"), (Rows{"6", "7", "8"}));
    EXPECT_EQ(rows("SELECT second_max(v) FROM table(s)"), (Rows{"2"}));
}

// /udfs and system.functions show every user function, whichever way it was made: SQL-made
// ones are listed, fetched, replaced and dropped through the documents too.
TEST_F(JavaScriptRuntimeTest, FunctionsMadeBySqlAreUdfDocumentsAndSystemFunctions)
{
    run(kAddFive);
    run(kSecondMax);
    run("CREATE FUNCTION twice AS (x) -> x * 2");
    ResourceCatalog catalog(*m_ws);
    QJsonArray listed = catalog.list(QStringLiteral("udf"));
    ASSERT_EQ(listed.size(), 2) << "SQL lambdas are not UDF resources";
    QJsonObject addFive = listed[0].toObject();
    EXPECT_EQ(addFive.value(QStringLiteral("name")).toString(), QStringLiteral("add_five"));
    EXPECT_EQ(addFive.value(QStringLiteral("type")).toString(), QStringLiteral("javascript"));
    EXPECT_EQ(addFive.value(QStringLiteral("return_type")).toString(), QStringLiteral("float64"));
    EXPECT_FALSE(addFive.value(QStringLiteral("is_aggregation")).toBool());
    EXPECT_TRUE(listed[1].toObject().value(QStringLiteral("is_aggregation")).toBool());

    auto got = catalog.get(QStringLiteral("udf"), QStringLiteral("second_max"));
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->value(QStringLiteral("source")).toString().contains(QLatin1String("finalize")));
    EXPECT_FALSE(catalog.get(QStringLiteral("udf"), QStringLiteral("twice")));

    EXPECT_EQ(rows("SELECT name, is_aggregate, origin FROM system.functions WHERE origin != 'System'"),
              (Rows{"add_five\t0\tExecutableUserDefined", "second_max\t1\tExecutableUserDefined", "twice\t0\tSQLUserDefined"}));
    EXPECT_EQ(rows("SELECT syntax FROM system.functions WHERE name = 'twice'"), (Rows{"twice(x)"}));

    ASSERT_TRUE(catalog.remove(QStringLiteral("udf"), QStringLiteral("add_five")));
    EXPECT_EQ(rows("SELECT add_five(1)"), (Rows{"error 46"}));
    auto missing = catalog.remove(QStringLiteral("udf"), QStringLiteral("add_five"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.failure().httpStatus, 404);
}
