// User-defined functions through the Engine facade: SQL lambda UDFs expanded by the binder,
// and the runtime seam (UserFunctionRuntime) with a C++ fake runtime, so the engine's side —
// batch calls, per-group UDA states, errors with Proton's codes, persistence across a reopen —
// is checked without Qt. The QJSEngine and HTTP runtimes are tested in tests/workspace.
#include <gtest/gtest.h>

#include <atomic>

#include "EngineFixture.h"

using namespace tideline::engine;

namespace {

std::atomic<int> g_scalarCalls{0};
std::atomic<int> g_processCalls{0};

// "twice": float64 -> float64, x * 2, one call per block.
class Twice final : public UserScalarFunction {
public:
    Result<ColumnPtr> call(const std::vector<ColumnPtr> &args, size_t rows) const override
    {
        ++g_scalarCalls;
        auto out = Column::create(makeType(TypeKind::Float64));
        for (size_t i = 0; i < rows; ++i)
            out->push<double>(args[0]->data<double>()[i] * 2);
        return ColumnPtr(out);
    }
};

// A sum of float64 whose state serializes to text.
class SumState final : public UserAggregateState {
public:
    Result<int64_t> process(const std::vector<ColumnPtr> &args) override
    {
        ++g_processCalls;
        for (size_t i = 0; i < args[0]->size(); ++i)
            m_sum += args[0]->data<double>()[i];
        return int64_t(0);
    }
    Status finalize(Column &out) override
    {
        out.push<double>(m_sum);
        return {};
    }
    Result<std::string> serialize() override { return std::to_string(m_sum); }
    Status deserialize(const std::string &s) override
    {
        m_sum = std::stod(s);
        return {};
    }
    Status merge(const std::string &s) override
    {
        m_sum += std::stod(s);
        return {};
    }

private:
    double m_sum = 0;
};

class SumFunction final : public UserAggregateFunction {
public:
    Result<std::unique_ptr<UserAggregateState>> createState() const override { return std::unique_ptr<UserAggregateState>(new SumState); }
};

class FakeRuntime final : public UserFunctionRuntime {
public:
    Result<std::shared_ptr<const UserScalarFunction>> compileScalar(const UserFunctionDefinition &d) override
    {
        if (d.source.find("syntax error") != std::string::npos)
            return Status(2533, "cannot compile " + d.name);
        return std::shared_ptr<const UserScalarFunction>(std::make_shared<Twice>());
    }
    Result<std::shared_ptr<const UserAggregateFunction>> compileAggregate(const UserFunctionDefinition &) override
    {
        return std::shared_ptr<const UserAggregateFunction>(std::make_shared<SumFunction>());
    }
};

class UserFunctions : public EngineFixture {
protected:
    void SetUp() override
    {
        EngineFixture::SetUp();
        run("CREATE STREAM s (k string, v float64)");
    }
    void addOptions(EngineOptions &o) override
    {
        if (m_withRuntime)
            o.functionRuntimes["javascript"] = std::make_shared<FakeRuntime>();
    }
    // Opens the engine again, with or without the JavaScript runtime.
    void reopen(bool withRuntime)
    {
        m_withRuntime = withRuntime;
        open();
    }
    // All rows of a bounded query as "a\tb" lines, sorted.
    std::vector<std::string> rows(const std::string &sql)
    {
        auto out = EngineFixture::rows(sql);
        std::sort(out.begin(), out.end());
        return out;
    }

    bool m_withRuntime = true;
};

const char *kScalar = "CREATE FUNCTION twice(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ function twice(x) { return x; } $$";
const char *kAggregate = "CREATE AGGREGATE FUNCTION my_sum(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ { } $$";

} // namespace

TEST_F(UserFunctions, SqlLambdaFunctionsExpandInBoundedAndStreamingQueries)
{
    run("CREATE FUNCTION add5 AS (x) -> x + 5");
    run("CREATE FUNCTION mix AS (a, b) -> concat(a, '-', to_string(add5(b)))");
    run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
    EXPECT_EQ(rows("SELECT add5(v), mix(k, v) FROM table(s)"), (std::vector<std::string>{"6\ta-6", "7\tb-7"}));
    EXPECT_EQ(rows("SELECT add5(sum(v)) FROM table(s)"), (std::vector<std::string>{"8"}));
    EXPECT_EQ(rows("SELECT array_map(x -> add5(x), [1, 2])"), (std::vector<std::string>{"[6,7]"}));

    auto c = m_session->execute("SELECT add5(v) FROM s");
    ASSERT_TRUE(c.isOk());
    run("INSERT INTO s (k, v) VALUES ('c', 10)");
    Block b;
    ASSERT_TRUE(*(*c)->next(b));
    EXPECT_EQ(valueToString(*b.at(0).column, 0), "15");

    EXPECT_EQ(code("SELECT add5(1, 2)"), 42);
    EXPECT_EQ(code("CREATE FUNCTION add5 AS (x) -> x"), 609);
    run("CREATE FUNCTION IF NOT EXISTS add5 AS (x) -> x");
    run("CREATE OR REPLACE FUNCTION add5 AS (x) -> x + 50");
    EXPECT_EQ(rows("SELECT add5(1)"), (std::vector<std::string>{"51"}));
    EXPECT_EQ(code("CREATE FUNCTION count AS (x) -> x"), 609) << "a built-in name is taken";
    EXPECT_EQ(code("CREATE FUNCTION loop1 AS (x) -> loop1(x)"), 0);
    EXPECT_EQ(code("SELECT loop1(1)"), 306);
}

TEST_F(UserFunctions, ScalarRuntimeFunctionIsCalledOncePerBlock)
{
    run(kScalar);
    run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('c', 3)");
    g_scalarCalls = 0;
    EXPECT_EQ(rows("SELECT twice(v) FROM table(s)"), (std::vector<std::string>{"2", "4", "6"}));
    EXPECT_EQ(g_scalarCalls.load(), 1) << "three rows, one block, one call";
    EXPECT_EQ(rows("SELECT twice(2)"), (std::vector<std::string>{"4"})) << "integer arguments are cast to the declared type";
    EXPECT_EQ(code("SELECT twice(v, v) FROM table(s)"), 42);
}

TEST_F(UserFunctions, AggregateRuntimeKeepsOneStatePerGroupInBoundedAndStreamingQueries)
{
    run(kAggregate);
    run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('a', 3)");
    g_processCalls = 0;
    EXPECT_EQ(rows("SELECT k, my_sum(v) FROM table(s) GROUP BY k"), (std::vector<std::string>{"a\t4", "b\t2"}));
    EXPECT_EQ(g_processCalls.load(), 2) << "one process() per group and block, not per row";
    EXPECT_EQ(rows("SELECT my_sum(v) FROM table(s)"), (std::vector<std::string>{"6"}));
    EXPECT_EQ(code("SELECT my_sum(k) FROM table(s)"), 2534) << "argument type differs from the declaration";
    EXPECT_EQ(code("SELECT k, my_sum(v) FROM table(s)"), 215) << "a UDA makes the query an aggregation";

    auto c = m_session->execute("SELECT k, my_sum(v) FROM s GROUP BY k EMIT PERIODIC 1s");
    ASSERT_TRUE(c.isOk()) << c.status().message();
    run("INSERT INTO s (k, v) VALUES ('x', 5), ('x', 6)");
    m_clock.advance(1000000000);
    Block b;
    auto p = (*c)->poll(b);
    ASSERT_TRUE(p.isOk() && *p == Pull::Block) << p.status().message();
    std::vector<std::string> out;
    appendRows(b, out);
    EXPECT_EQ(out, (std::vector<std::string>{"x\t11"}));
}

TEST_F(UserFunctions, BadDefinitionsAreRefusedAndChangeNothing)
{
    EXPECT_EQ(code("CREATE FUNCTION bad(x float64) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ syntax error $$"), 2533);
    EXPECT_EQ(code("CREATE FUNCTION py(x float64) RETURNS float64 LANGUAGE PYTHON AS $$ x $$"), 36);
    EXPECT_EQ(code("CREATE FUNCTION t(x nosuchtype) RETURNS float64 LANGUAGE JAVASCRIPT AS $$ x $$"), 50);
    EXPECT_EQ(code("CREATE REMOTE FUNCTION r(x string) RETURNS string URL 'ftp://x' AUTH_METHOD 'none'"), 36);
    EXPECT_EQ(code("CREATE REMOTE FUNCTION r(x string) RETURNS string URL 'http://127.0.0.1:1/' AUTH_METHOD 'auth_header'"), 36);
    EXPECT_EQ(code("CREATE REMOTE FUNCTION r(x string) RETURNS string URL 'http://127.0.0.1:1/'"), 48) << "this engine has no remote runtime";
    EXPECT_EQ(code("SELECT bad(1)"), 46) << "nothing was created";
    EXPECT_EQ(code("DROP FUNCTION bad"), 46);
    EXPECT_EQ(code("DROP FUNCTION IF EXISTS bad"), 0);
    EXPECT_EQ(code("DROP FUNCTION count"), 610);
}

TEST_F(UserFunctions, FunctionsPersistAcrossReopenAndDropForgetsThem)
{
    run("CREATE FUNCTION add5 AS (x) -> x + 5");
    run(kScalar);
    run(kAggregate);
    reopen(true);
    EXPECT_EQ(rows("SELECT add5(1), twice(3)"), (std::vector<std::string>{"6\t6"}));
    EXPECT_EQ(rows("SELECT my_sum(v) FROM table(s)"), (std::vector<std::string>{"0"}));
    run("DROP FUNCTION twice");
    reopen(false);
    EXPECT_EQ(code("SELECT twice(3)"), 46);
    EXPECT_EQ(code("SELECT my_sum(v) FROM table(s)"), 48) << "loaded, but this engine has no JavaScript runtime";
    EXPECT_EQ(rows("SELECT add5(1)"), (std::vector<std::string>{"6"}));
}
