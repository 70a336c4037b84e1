#include <gtest/gtest.h>

#include "FormatTestUtil.h"
#include "engine/formats/InputFormat.h"
#include "engine/formats/OutputFormat.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

Block sample()
{
    Block b;
    b.add("id", columnOf("int64", {"1", "200"}));
    b.add("name", columnOf("nullable(string)", {"a\tb", "NULL"}));
    b.add("v", columnOf("float64", {"0.5", "inf"}));
    return b;
}

int errorCode(const std::function<void()> &f)
{
    try {
        f();
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

} // namespace

TEST(OutputFormat, TabSeparatedFamily)
{
    EXPECT_EQ(formatBlock(sample(), "TabSeparated"), "1\ta\\tb\t0.5\n200\t\\N\tinf\n");
    EXPECT_EQ(formatBlock(sample(), "tsvwithnames"), "id\tname\tv\n1\ta\\tb\t0.5\n200\t\\N\tinf\n");
    EXPECT_EQ(formatBlock(sample(), "TSVWithNamesAndTypes"),
              "id\tname\tv\nint64\tnullable(string)\tfloat64\n1\ta\\tb\t0.5\n200\t\\N\tinf\n");
}

TEST(OutputFormat, CsvAndJson)
{
    EXPECT_EQ(formatBlock(sample(), "CSV"), "1,\"a\tb\",0.5\n200,\\N,inf\n");
    EXPECT_EQ(formatBlock(sample(), "CSVWithNames"), "\"id\",\"name\",\"v\"\n1,\"a\tb\",0.5\n200,\\N,inf\n");
    EXPECT_EQ(formatBlock(sample(), "JSONEachRow"), "{\"id\":\"1\",\"name\":\"a\\tb\",\"v\":0.5}\n{\"id\":\"200\",\"name\":null,\"v\":null}\n");
    EXPECT_EQ(formatBlock(sample(), "JSONCompactEachRow"), "[\"1\", \"a\\tb\", 0.5]\n[\"200\", null, null]\n");
}

TEST(OutputFormat, PrettyCompact)
{
    EXPECT_EQ(formatBlock(sample(), "PrettyCompact"),
              "┌──id─┬─name─┬───v─┐\n"
              "│   1 │ a\tb  │ 0.5 │\n"
              "│ 200 │ ᴺᵁᴸᴸ │ inf │\n"
              "└─────┴──────┴─────┘\n");
    Block one;
    one.add("number", columnOf("uint64", {"0", "1"}));
    EXPECT_EQ(formatBlock(one, "PrettyCompact"), "┌─number─┐\n│      0 │\n│      1 │\n└────────┘\n");
}

TEST(OutputFormat, VerticalNumbersRowsAcrossBlocks)
{
    auto format = createOutputFormat("Vertical");
    std::string out;
    Block b;
    b.add("number", columnOf("uint64", {"0"}));
    b.add("s", columnOf("string", {"x"}));
    format->writeBlock(b, out);
    format->writeBlock(b, out);
    EXPECT_EQ(out, "Row 1:\n──────\nnumber: 0\ns:      x\n\nRow 2:\n──────\nnumber: 0\ns:      x\n");
}

TEST(OutputFormat, HeaderOnceAndEmptyResults)
{
    auto format = createOutputFormat("CSVWithNames");
    std::string out;
    Block empty;
    empty.add("a", columnOf("int32", {}));
    format->writeBlock(empty, out);
    format->writeBlock(empty, out);
    EXPECT_EQ(out, "\"a\"\n");
    EXPECT_EQ(errorCode([] { createOutputFormat("Parquet2"); }), 73);
    EXPECT_TRUE(isOutputFormat("prettycompact"));
}

TEST(InputFormat, CsvWithQuotesDefaultsAndErrors)
{
    std::vector<ColumnSpec> schema{{"id", typeOf("int32")}, {"s", typeOf("nullable(string)")}, {"a", typeOf("array(int8)")}};
    Block b = parseInputFormat("CSV", "1,\"x,\"\"y\"\"\",\"[1,2]\"\r\n2,\\N,\n,\"multi\nline\",[]", schema);
    ASSERT_EQ(b.rows(), 3u);
    EXPECT_EQ(formatBlock(b, "TSV"), "1\tx,\"y\"\t[1,2]\n2\t\\N\t[]\n0\tmulti\\nline\t[]\n");
    try {
        parseInputFormat("CSV", "1,a,[]\n2,b,[x]\n", schema);
        FAIL();
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 72);
        EXPECT_EQ(e.status().message(), "Cannot parse input at line 2, column 'a': Cannot parse '[x]' as array(int8)");
    }
    Block named = parseInputFormat("CSVWithNames", "s,id,zzz\nq,7,9\n", schema);
    EXPECT_EQ(formatBlock(named, "TSV"), "7\tq\t[]\n");
}

TEST(InputFormat, TsvRoundTrip)
{
    Block src = sample();
    std::string text = formatBlock(src, "TSVWithNames");
    std::vector<ColumnSpec> schema{{"v", typeOf("float64")}, {"id", typeOf("int64")}, {"name", typeOf("nullable(string)")}};
    Block back = parseInputFormat("TSVWithNames", text, schema);
    EXPECT_EQ(formatBlock(back, "TSV"), "0.5\t1\ta\\tb\ninf\t200\t\\N\n");
    EXPECT_EQ(errorCode([&] { parseInputFormat("TSV", "1\t2\t3\t4\n", schema); }), 7);
}

TEST(InputFormat, JsonEachRow)
{
    std::vector<ColumnSpec> schema{{"id", typeOf("uint64")}, {"ts", typeOf("datetime64(3)")}, {"tags", typeOf("array(string)")},
                                   {"m", typeOf("map(string, float64)")}, {"n", typeOf("nullable(int32)")}, {"t", typeOf("tuple(a int8, b string)")}};
    std::string data = "{\"id\": \"18446744073709551615\", \"ts\": \"2020-02-02 20:00:00.5\", \"extra\": {\"x\": 1}, \"tags\": [\"a\",\"b\"]}\n"
                       "{\"id\": 2, \"m\": {\"k\": 1.5}, \"n\": null, \"t\": {\"b\": \"z\", \"a\": 3}}\n"
                       "{\"n\": 5, \"t\": [1, \"q\"]}\n";
    Block b = parseInputFormat("JSONEachRow", data, schema);
    ASSERT_EQ(b.rows(), 3u);
    EXPECT_EQ(formatBlock(b, "TSV"),
              "18446744073709551615\t2020-02-02 20:00:00.500\t['a','b']\t{}\t\\N\t(0,'')\n"
              "2\t1970-01-01 00:00:00.000\t[]\t{'k':1.5}\t\\N\t(3,'z')\n"
              "0\t1970-01-01 00:00:00.000\t[]\t{}\t5\t(1,'q')\n");
    try {
        parseInputFormat("JSONEachRow", "{\"id\": 1}\n{\"id\": \"x\"}\n", schema);
        FAIL();
    } catch (const EngineError &e) {
        EXPECT_EQ(e.status().code(), 72);
        EXPECT_EQ(e.status().message(), "Cannot parse input at line 2, column 'id': Cannot parse 'x' as uint64");
    }
    EXPECT_EQ(errorCode([&] { parseInputFormat("JSONEachRow", "{\"id\": 1", schema); }), 117);
    EXPECT_EQ(errorCode([&] { parseInputFormat("XML", "", schema); }), 73);
}
