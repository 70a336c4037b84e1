// The progress record a materialized view commits with each output: it must read back exactly,
// and anything else (another writer's annotation, a damaged one) must not pass for it.
#include <gtest/gtest.h>

#include "engine/exec/ViewProgress.h"

using namespace tideline::engine;

TEST(ViewProgress, RoundTripsAndRejectsWhatIsNotOne)
{
    ViewProgress p;
    p.view = "0bcbab3f-9ffc-4b96-8dce-bb7f5e11d08f";
    p.outputSeq = 42;
    p.outputsAtPositions = 2;
    p.positions = {17, 0, 9000000000LL};
    p.emitState = {3, 0, 41, 1};
    auto back = ViewProgress::decode(p.encode());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->view, p.view);
    EXPECT_EQ(back->outputSeq, 42u);
    EXPECT_EQ(back->outputsAtPositions, 2u);
    EXPECT_EQ(back->positions, p.positions);
    EXPECT_EQ(back->emitState, p.emitState);

    ViewProgress empty;
    empty.view = "v";
    auto e = ViewProgress::decode(empty.encode());
    ASSERT_TRUE(e.has_value());
    EXPECT_TRUE(e->positions.empty() && e->emitState.empty());

    for (const char *bad : {"", "tlmv1", "tlmv2 v 1 1 1 -", "tlmv1 v x 1 1 -", "tlmv1 v 1 1 1,,2 -", "tlmv1 v 1 1 1 - extra", "w7 0"})
        EXPECT_FALSE(ViewProgress::decode(bad).has_value()) << bad;
    EXPECT_EQ(ViewProgress::decodeList("12,40"), (std::vector<int64_t>{12, 40}));
    EXPECT_FALSE(ViewProgress::decodeList("12,").has_value());
}

// A view reading Kafka keeps the next offset of each partition of each external source; progress
// written before offsets existed (six fields) still reads, with none.
TEST(ViewProgress, ExternalOffsetsRoundTripAndOlderRecordsStillRead)
{
    ViewProgress p;
    p.view = "v";
    p.outputSeq = 3;
    p.outputsAtPositions = 1;
    p.positions = {5};
    p.offsets = {{{0, 12}, {1, 40}, {7, 9000000000LL}}, {}, {{2, 0}}};
    EXPECT_EQ(p.encode(), "tlmv1 v 3 1 5 - 0:12,1:40,7:9000000000;.;2:0");
    auto back = ViewProgress::decode(p.encode());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->offsets, p.offsets);
    EXPECT_EQ(back->positions, p.positions);

    auto older = ViewProgress::decode("tlmv1 v 3 1 5 -");
    ASSERT_TRUE(older.has_value());
    EXPECT_TRUE(older->offsets.empty());
    for (const char *bad : {"tlmv1 v 1 1 1 - 0:", "tlmv1 v 1 1 1 - :4", "tlmv1 v 1 1 1 - 0:1,0:2", "tlmv1 v 1 1 1 - 0:1;", "tlmv1 v 1 1 1 - 0:1 x"})
        EXPECT_FALSE(ViewProgress::decode(bad).has_value()) << bad;
}

TEST(ViewProgress, WriterTagsAreStableAndNeverZero)
{
    // The tag is stored in log headers: it must not change between builds.
    EXPECT_EQ(ViewProgress::writerTag(""), 2166136261u);
    EXPECT_EQ(ViewProgress::writerTag("a"), 0xe40c292cu);
    EXPECT_NE(ViewProgress::writerTag("0bcbab3f-9ffc-4b96-8dce-bb7f5e11d08f"), 0u);
}
