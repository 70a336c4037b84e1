#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "StorageTestUtil.h"
#include "engine/storage/BlockCodec.h"

using namespace tideline::engine;
using namespace tideline::engine::testing;

namespace {

const char *kTypes[] = {
    "bool", "int8", "int16", "int32", "int64", "int128", "int256", "uint8", "uint16", "uint32", "uint64", "uint128", "uint256",
    "float32", "float64", "decimal(9, 2)", "decimal(18, 4)", "decimal(38, 10)", "decimal(76, 20)", "string", "fixed_string(5)",
    "date", "date32", "datetime", "datetime('Europe/Berlin')", "datetime64(3)", "datetime64(6, 'UTC')", "uuid", "ipv4", "ipv6",
    "enum8('a' = 1, 'b' = 2)", "enum16('x' = -300, 'y' = 300)", "nullable(string)", "nullable(int32)", "nullable(nothing)",
    "low_cardinality(string)", "array(int32)", "array(array(string))", "array(nullable(string))", "map(string, array(float64))",
    "tuple(int32, string)", "tuple(a int64, b nullable(string), c array(uint8))", "array(tuple(k string, v map(int32, string)))",
};

Block everyKind(size_t rows, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Block b;
    int i = 0;
    for (const char *name : kTypes) {
        auto c = Column::create(typeOf(name));
        fillRandom(*c, rows, rng);
        b.add("c" + std::to_string(i++) + "_" + name, c);
    }
    return b;
}

} // namespace

TEST(BlockCodec, RoundTripsEveryColumnKind)
{
    for (size_t rows : {0, 1, 7, 1000}) {
        Block in = everyKind(rows, rows + 1);
        auto payload = BlockCodec::encode(in);
        ASSERT_TRUE(payload.isOk()) << payload.status().message();
        auto out = BlockCodec::decode(*payload);
        ASSERT_TRUE(out.isOk()) << out.status().message();
        expectSameBlock(in, *out);
    }
}

TEST(BlockCodec, RoundTripsIntervalAndBlocksWithoutColumns)
{
    Block in;
    auto c = Column::create(makeInterval(IntervalUnit::Minute));
    c->push<int64_t>(5);
    in.add("i", c);
    auto out = BlockCodec::decode(*BlockCodec::encode(in));
    ASSERT_TRUE(out.isOk()) << out.status().message();
    expectSameBlock(in, *out);

    Block noColumns;
    noColumns.setRowsWithoutColumns(42);
    auto back = BlockCodec::decode(*BlockCodec::encode(noColumns));
    ASSERT_TRUE(back.isOk());
    EXPECT_EQ(back->rows(), 42u);
    EXPECT_EQ(back->columnCount(), 0u);
}

TEST(BlockCodec, CompressesRepetitiveData)
{
    Block b = makeBatch(1, 10000, 0, 0);
    auto payload = BlockCodec::encode(b);
    EXPECT_LT(payload->size(), b.byteSize() / 4);
}

TEST(BlockCodec, TruncatedPayloadIsCorruptedData)
{
    auto payload = *BlockCodec::encode(everyKind(50, 9));
    for (size_t n : {size_t(0), size_t(3), size_t(9), payload.size() / 2, payload.size() - 1}) {
        auto r = BlockCodec::decode(std::span<const char>(payload.data(), n));
        ASSERT_FALSE(r.isOk()) << n;
        EXPECT_EQ(r.status().code(), 246) << n;
    }
}

// The raw form is checked field by field: flipping any bit or cutting it anywhere gives an error
// or a consistent block, never a crash (run under ASan to see more).
TEST(BlockCodec, CorruptRawNeverCrashes)
{
    std::vector<char> raw;
    BlockCodec::encodeRaw(everyKind(5, 3), raw);
    std::mt19937_64 rng(11);
    int errors = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<char> bad = raw;
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f)
            bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
        if (round % 5 == 0)
            bad.resize(rng() % bad.size());
        auto r = BlockCodec::decodeRaw(bad);
        if (!r.isOk()) {
            ++errors;
            EXPECT_TRUE(r.status().code() == 246) << r.status().message();
        } else {
            for (const auto &nc : r->columns())
                EXPECT_EQ(nc.column->size(), r->rows());
        }
    }
    EXPECT_GT(errors, 1000);
}

TEST(BlockCodec, CorruptCompressedPayloadNeverCrashes)
{
    auto payload = *BlockCodec::encode(everyKind(20, 4));
    std::mt19937_64 rng(5);
    for (int round = 0; round < 2000; ++round) {
        std::vector<char> bad = payload;
        bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
        auto r = BlockCodec::decode(bad);
        if (!r.isOk())
            EXPECT_EQ(r.status().code(), 246) << r.status().message();
    }
}

TEST(BlockCodec, ImplausibleRawSizeIsRejectedWithoutAllocating)
{
    auto payload = *BlockCodec::encode(makeBatch(1, 3, 0));
    uint64_t huge = 1ULL << 40;
    std::memcpy(payload.data() + 1, &huge, 8);
    auto r = BlockCodec::decode(payload);
    ASSERT_FALSE(r.isOk());
    EXPECT_EQ(r.status().code(), 246);
}
