#include <gtest/gtest.h>

#include "engine/column/Column.h"
#include "engine/types/DataType.h"

using namespace tideline::engine;

TEST(DataType, ParsesAndPrintsCanonicalNames)
{
    struct Case { const char *in, *out; };
    for (auto c : {Case{"int", "int32"}, Case{"Nullable(String)", "nullable(string)"}, Case{"datetime64(3, 'UTC')", "datetime64(3, 'UTC')"},
                   Case{"array(tuple(a int, b string))", "array(tuple(a int32, b string))"}, Case{"decimal(10,2)", "decimal(10, 2)"},
                   Case{"low_cardinality(string)", "low_cardinality(string)"}, Case{"map(string, array(float64))", "map(string, array(float64))"},
                   Case{"enum8('a' = 1, 'b' = 2)", "enum8('a' = 1, 'b' = 2)"}, Case{"fixed_string(16)", "fixed_string(16)"},
                   Case{"varchar(255)", "string"}, Case{"float", "float32"}, Case{"double", "float64"}, Case{"bigint", "int64"}}) {
        auto t = parseDataType(c.in);
        ASSERT_TRUE(t.isOk()) << c.in << ": " << t.status().message();
        EXPECT_EQ((*t)->name(), c.out) << c.in;
    }
}

TEST(DataType, RejectsUnknownAndMalformed)
{
    EXPECT_EQ(parseDataType("strng").status().code(), 50);
    EXPECT_EQ(parseDataType("array(int").status().code(), 62);
    EXPECT_EQ(parseDataType("nullable(array(int))").status().code(), 43);
    EXPECT_EQ(parseDataType("decimal(80, 2)").status().code(), 69);
}

TEST(Column, FilterGatherAndCompare)
{
    auto c = Column::create(makeType(TypeKind::String));
    for (auto s : {"b", "a", "c"})
        c->pushString(s);
    uint8_t mask[] = {1, 0, 1};
    auto f = c->filter(mask);
    ASSERT_EQ(f->size(), 2u);
    EXPECT_EQ(f->stringAt(1), "c");
    uint32_t order[] = {1, 0, 2};
    auto g = c->gather(order);
    EXPECT_EQ(g->stringAt(0), "a");
    EXPECT_LT(g->compareAt(0, *g, 1), 0);
    EXPECT_EQ(c->hashAt(1), g->hashAt(0));

    auto n = Column::create(makeNullable(makeType(TypeKind::Int32)));
    n->pushDefault();
    EXPECT_TRUE(n->isNullAt(0));
    EXPECT_EQ(n->size(), 1u);
}
