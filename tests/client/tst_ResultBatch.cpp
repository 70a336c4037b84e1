// ResultBatch: cells and NULL flags survive appends in every combination, and a batch without a
// NULL keeps no flags (a million-row grid pays 4 bytes of offset per cell, not 5).
#include <gtest/gtest.h>
#include "client/ResultBatch.h"

using tideline::client::ResultBatch;

namespace {

ResultBatch rows(std::initializer_list<const char *> cells, int columns = 2)
{
    ResultBatch b(columns);
    for (const char *c : cells)
        c ? b.appendCell(QByteArrayView(c)) : b.appendCell({}, true);
    return b;
}

} // namespace

TEST(ResultBatch, NoNullMeansNoFlags)
{
    ResultBatch b = rows({"1", "a", "2", "bb"});
    EXPECT_EQ(b.rowCount(), 2);
    EXPECT_EQ(b.byteSize(), 5 + 4 * 4);
    EXPECT_FALSE(b.isNull(1, 1));
    EXPECT_EQ(b.text(1, 1), QByteArrayView("bb"));
}

TEST(ResultBatch, ANullAfterOrdinaryCellsFlagsOnlyItself)
{
    ResultBatch b = rows({"1", "a", "2", nullptr, "3", "c"});
    EXPECT_EQ(b.rowCount(), 3);
    EXPECT_FALSE(b.isNull(0, 0));
    EXPECT_FALSE(b.isNull(0, 1));
    EXPECT_TRUE(b.isNull(1, 1));
    EXPECT_FALSE(b.isNull(2, 1));
    EXPECT_EQ(b.text(2, 1), QByteArrayView("c"));
}

TEST(ResultBatch, AppendKeepsFlagsWhicheverSideHasThem)
{
    ResultBatch plain = rows({"1", "a"});
    plain.append(rows({nullptr, "b"}));
    plain.append(rows({"3", "c"}));
    EXPECT_EQ(plain.rowCount(), 3);
    EXPECT_FALSE(plain.isNull(0, 0));
    EXPECT_TRUE(plain.isNull(1, 0));
    EXPECT_FALSE(plain.isNull(2, 0));
    EXPECT_EQ(plain.text(2, 1), QByteArrayView("c"));

    ResultBatch flagged = rows({"1", nullptr});
    flagged.append(rows({"2", "b"}));
    EXPECT_TRUE(flagged.isNull(0, 1));
    EXPECT_FALSE(flagged.isNull(1, 1));
    EXPECT_EQ(flagged.text(1, 1), QByteArrayView("b"));

    ResultBatch none = rows({"1", "a"});
    none.append(rows({"2", "b"}));
    EXPECT_EQ(none.byteSize(), 4 + 4 * 4);
}
