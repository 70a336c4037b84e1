#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/sql/Formatter.h"
#include "engine/sql/Parser.h"
#include "tests/engine/sql/SqlCorpus.h"

using namespace tideline::engine;
using namespace tideline::engine::sql;

namespace {

// parse -> format -> parse must give an equal tree, in both layouts, and formatting the
// re-parsed tree must give the same text.
void expectRoundTrip(std::string_view sql)
{
    auto first = parseStatement(sql);
    ASSERT_TRUE(first.isOk()) << sql << "\n" << first.status().message();
    for (bool pretty : {true, false}) {
        FormatOptions options;
        options.pretty = pretty;
        std::string text = formatStatement(**first, options);
        auto second = parseStatement(text);
        ASSERT_TRUE(second.isOk()) << "original: " << sql << "\nformatted: " << text << "\n" << second.status().message();
        EXPECT_TRUE(astEquals(**first, **second)) << "original: " << sql << "\nformatted: " << text;
        EXPECT_EQ(formatStatement(**second, options), text) << "original: " << sql;
    }
}

std::vector<std::string> goldenStatements(int &files)
{
    std::vector<std::string> out;
    const char *root = std::getenv("TIDELINE_SOURCE_DIR");
    std::filesystem::path dir = std::filesystem::path(root ? root : ".") / "tests" / "golden";
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec))
        return out;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() != ".test")
            continue;
        ++files;
        std::ifstream in(it->path());
        std::string line, sql;
        bool inRecord = false;
        auto flush = [&] {
            if (inRecord && !sql.empty())
                out.push_back(sql);
            sql.clear();
            inRecord = false;
        };
        while (std::getline(in, line)) {
            if (line.rfind("statement ", 0) == 0 || line.rfind("query", 0) == 0) {
                flush();
                inRecord = true;
            } else if (line.empty() || line == "----") {
                flush();
            } else if (inRecord) {
                sql += (sql.empty() ? "" : "\n") + line;
            }
        }
        flush();
    }
    return out;
}

} // namespace

TEST(FormatterRoundTrip, Corpus)
{
    for (std::string_view sql : test::kValidStatements)
        expectRoundTrip(sql);
}

TEST(FormatterRoundTrip, GoldenScripts)
{
    int files = 0, parsed = 0;
    for (const std::string &sql : goldenStatements(files)) {
        if (!parseStatement(sql).isOk())
            continue; // error cases and statements outside the dialect
        ++parsed;
        expectRoundTrip(sql);
    }
    RecordProperty("golden_files", files);
    RecordProperty("golden_statements", parsed);
}

TEST(FormatterRoundTrip, Regressions)
{
    // Found by the fuzzer or by review; each once broke the round trip.
    for (const char *sql : {
             "SELECT (1).1", "SELECT (-1).1", "SELECT -(-1)", "SELECT - -1", "SELECT (a AS b).1", "SELECT [1][1]",
             "SELECT (raw:a)[1]", "SELECT 'x'.1", "SELECT (5s).1", "SELECT map(a, 1)", "SELECT map('a', 1, 'b')",
             "SELECT `not`(a, b)", "SELECT `interval`(1)", "SELECT `select`(1)", "SELECT json_path(f(x), 'a')",
             "SELECT json_path(x, 'a b')", "SELECT cast(x, 'not a type(')", "SELECT cast(x)", "SELECT tuple_element(t, 'n')",
             "SELECT a = (b = c)", "SELECT (a = b) = c", "SELECT NOT (NOT a)", "SELECT (x -> x) + 1", "SELECT -(1 + 2)",
             "SELECT a IN (1)", "SELECT `inf`, `nan`", "SELECT session_range(a, b, true, false)",
             "SELECT * FROM session(s, session_range(a, b, true, true))", "SELECT * FROM t AS `select`",
             "SELECT 1 EMIT STREAM", "SELECT x FROM t WHERE (a AS b)", "SELECT a NOT BETWEEN 1 AND 2 IS NULL",
             "SELECT INTERVAL x DAY", "SELECT INTERVAL (1 + 2) DAY", "SELECT -INTERVAL 5 SECOND", "SELECT a - -1",
             "SELECT count() FROM s EMIT PERIODIC 1s + 1s", "SELECT CASE WHEN a THEN b ELSE NULL END",
             "CREATE FUNCTION f(a int) RETURNS int LANGUAGE JAVASCRIPT AS 'has $$ inside'",
             "SYSTEM PAUSE MATERIALIZED VIEW `view`", "DESCRIBE `stream`", "SELECT a FROM t LIMIT 1 BY a OFFSET 5",
         })
        expectRoundTrip(sql);
}

TEST(Formatter, PrettyAndOneLineOutput)
{
    auto st = parseStatement("select a,count() c from tumble(s,5s) where a>1 group by a emit after watermark with delay 2s settings x=1");
    ASSERT_TRUE(st.isOk());
    EXPECT_EQ(formatStatement(**st, {.pretty = false}),
              "SELECT a, count() AS c FROM tumble(s, 5s) WHERE a > 1 GROUP BY a EMIT AFTER WATERMARK WITH DELAY 2s SETTINGS x = 1");
    EXPECT_EQ(formatStatement(**st),
              "SELECT a, count() AS c\nFROM tumble(s, 5s)\nWHERE a > 1\nGROUP BY a\nEMIT AFTER WATERMARK WITH DELAY 2s\nSETTINGS x = 1");
}

TEST(Formatter, MinimalParentheses)
{
    struct Case {
        const char *in, *out;
    };
    for (auto c : {Case{"(a + b) * c", "(a + b) * c"}, Case{"a + (b * c)", "a + b * c"}, Case{"(a - b) - c", "a - b - c"},
                   Case{"a - (b - c)", "a - (b - c)"}, Case{"a OR (b AND c)", "a OR b AND c"}, Case{"(a OR b) AND c", "(a OR b) AND c"},
                   Case{"NOT (a = b)", "NOT a = b"}, Case{"-(-1)", "-(-1)"}, Case{"x::int", "CAST(x AS int)"},
                   Case{"CASE WHEN a THEN 1 END", "CASE WHEN a THEN 1 ELSE NULL END"}, Case{"[1, (2, 3)]", "[1, (2, 3)]"},
                   Case{"interval 5 second", "5s"}, Case{"raw:a.b::int", "CAST(raw:a.b AS int)"}, Case{"t.1", "t.1"},
                   Case{"`select` + 1", "`select` + 1"}, Case{"'it''s'", "'it\\'s'"}}) {
        auto e = parseExpression(c.in);
        ASSERT_TRUE(e.isOk()) << c.in;
        EXPECT_EQ(formatExpr(**e), c.out) << c.in;
    }
}

TEST(Formatter, Quoting)
{
    EXPECT_EQ(quoteIdentifierIfNeeded("abc"), "abc");
    EXPECT_EQ(quoteIdentifierIfNeeded("a b"), "`a b`");
    EXPECT_EQ(quoteIdentifierIfNeeded("select"), "`select`");
    EXPECT_EQ(quoteIdentifierIfNeeded("1a"), "`1a`");
    EXPECT_EQ(quoteIdentifierIfNeeded("a`b"), "`a\\`b`");
    EXPECT_EQ(quoteString("it's\n"), "'it\\'s\\n'");
}
