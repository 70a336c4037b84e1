#include "api/RowBatch.h"

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

TEST(RowBatch, BuildRowByRow)
{
    RowBatch b(2);
    EXPECT_TRUE(b.appendCell(CellKind::Number, "18446744073709551615"));
    EXPECT_TRUE(b.appendCell(CellKind::String, "caf\xC3\xA9 \"q\""));
    EXPECT_EQ(b.cellsInOpenRow(), 2);
    EXPECT_TRUE(b.endRow());
    EXPECT_TRUE(b.appendCell(CellKind::Null));
    EXPECT_TRUE(b.appendCell(CellKind::Missing));
    EXPECT_TRUE(b.endRow());
    EXPECT_EQ(b.rowCount(), 2);
    EXPECT_EQ(b.columnCount(), 2);
    EXPECT_EQ(b.text(0, 1), QByteArray("caf\xC3\xA9 \"q\""));
    EXPECT_EQ(b.toString(0, 1), QString::fromUtf8("café \"q\""));
    EXPECT_TRUE(b.isNull(1, 0));
    EXPECT_FALSE(b.isNull(1, 1)); // missing is not null: the column default applies
    EXPECT_EQ(b.toJson(), QByteArray("[[18446744073709551615,\"caf\xC3\xA9 \\\"q\\\"\"],[null,null]]"));
    EXPECT_EQ(b.offsets().size(), size_t(5));
    EXPECT_EQ(b.cellText(1), b.text(0, 1));
}

TEST(RowBatch, RaggedRowIsRefused)
{
    RowBatch b(3);
    b.appendCell(CellKind::Number, "1");
    EXPECT_FALSE(b.endRow());
    EXPECT_EQ(b.rowCount(), 0);

    RowBatch firstRowDecides;
    firstRowDecides.appendCell(CellKind::Bool, "true");
    EXPECT_TRUE(firstRowDecides.endRow());
    EXPECT_EQ(firstRowDecides.columnCount(), 1);
    firstRowDecides.appendCell(CellKind::Bool, "true");
    firstRowDecides.appendCell(CellKind::Bool, "false");
    EXPECT_FALSE(firstRowDecides.endRow());
}

TEST(RowBatch, EmptyAndClear)
{
    RowBatch b(4);
    EXPECT_TRUE(b.isEmpty());
    EXPECT_EQ(b.columnCount(), 4);
    EXPECT_EQ(b.toJson(), "[]");
    b.appendCell(CellKind::Number, "1");
    b.appendCell(CellKind::Number, "2");
    b.appendCell(CellKind::Number, "3");
    b.appendCell(CellKind::Number, "4");
    ASSERT_TRUE(b.endRow());
    b.clear();
    EXPECT_TRUE(b.isEmpty());
    EXPECT_EQ(b.columnCount(), 4); // clear() keeps the shape
    EXPECT_EQ(b.textBuffer().size(), 0);
    EXPECT_EQ(RowBatch().columnCount(), 0);
}

TEST(RowBatch, ZeroColumnRows)
{
    RowBatch b(0);
    EXPECT_TRUE(b.endRow());
    EXPECT_TRUE(b.endRow());
    EXPECT_EQ(b.rowCount(), 2);
    EXPECT_EQ(b.toJson(), "[[],[]]");
}

TEST(RowBatch, AppendRebasesOffsets)
{
    RowBatch a(1);
    a.appendCell(CellKind::String, "abc");
    a.endRow();
    RowBatch b(1);
    b.appendCell(CellKind::String, "de");
    b.endRow();
    b.appendCell(CellKind::Array, "[1]");
    b.endRow();
    ASSERT_TRUE(a.append(b));
    EXPECT_EQ(a.rowCount(), 3);
    EXPECT_EQ(a.text(1, 0), "de");
    EXPECT_EQ(a.text(2, 0), "[1]");
    EXPECT_EQ(a.kind(2, 0), CellKind::Array);
    EXPECT_TRUE(a.append(RowBatch(5))); // an empty batch appends nothing, whatever its shape

    RowBatch empty;
    ASSERT_TRUE(empty.append(b)); // an empty batch takes the other's shape
    EXPECT_EQ(empty, b);
}
