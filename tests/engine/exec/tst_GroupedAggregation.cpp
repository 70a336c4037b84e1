// Group-by keys: GroupKeyPacker's layouts, PackedKeyMap, and GroupedAggregation through each of
// its key modes (single int, packed in 1/2/4 words, serialized) checked against a reference
// aggregation keyed by the rows' text.

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "engine/exec/GroupKeyPacker.h"
#include "engine/exec/GroupedAggregation.h"
#include "engine/exec/PackedKeyMap.h"
#include "tests/engine/exec/OpTestUtil.h"

using namespace tideline::engine;
using namespace tideline::engine::test;

namespace {

DataTypePtr t(TypeKind k) { return makeType(k); }

ColumnPtr i32(std::initializer_list<int32_t> v) { return col<int32_t>(t(TypeKind::Int32), v); }
ColumnPtr f64(std::initializer_list<double> v) { return col<double>(t(TypeKind::Float64), v); }

std::vector<uint64_t> packRows(const std::vector<DataTypePtr> &types, const std::vector<ColumnPtr> &cols)
{
    GroupKeyPacker packer(types);
    std::vector<const Column *> view;
    for (const auto &c : cols)
        view.push_back(c.get());
    std::vector<uint64_t> out;
    packer.pack(view, cols[0]->size(), out);
    return out;
}

// count() and sum(v) grouped by the first `keys` columns of each block, as sorted text rows.
Rows aggregate(const std::vector<Block> &blocks, size_t keys, size_t valueColumn)
{
    std::vector<size_t> keyIndices;
    std::vector<std::string> keyNames;
    for (size_t k = 0; k < keys; ++k) {
        keyIndices.push_back(k);
        keyNames.push_back(blocks[0].at(k).name);
    }
    AggregateArgs none, one;
    one.types.push_back(blocks[0].at(valueColumn).type());
    std::vector<AggregateSpec> aggs;
    aggs.push_back({AggregateRegistry::instance().resolve("count", none), {}, "c"});
    aggs.push_back({AggregateRegistry::instance().resolve("sum", one), {valueColumn}, "s"});
    GroupedAggregation g(keyIndices, keyNames, std::move(aggs));
    for (const Block &b : blocks)
        g.consume(b);
    Block out = g.result(0, g.groupCount());
    Rows rows;
    for (size_t r = 0; r < out.rows(); ++r) {
        std::string row;
        for (size_t c = 0; c < out.columnCount(); ++c)
            row += (c ? "," : "") + valueToString(*out.at(c).column, r, TextFormat::Quoted);
        rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

// The same, computed with a std::map over each row's rendered key.
Rows reference(const std::vector<Block> &blocks, size_t keys, size_t valueColumn)
{
    std::map<std::string, std::pair<uint64_t, double>> groups;
    for (const Block &b : blocks)
        for (size_t r = 0; r < b.rows(); ++r) {
            std::string key;
            for (size_t k = 0; k < keys; ++k)
                key += (k ? "," : "") + valueToString(*b.at(k).column, r, TextFormat::Quoted);
            auto &g = groups[key];
            ++g.first;
            std::string v = valueToString(*b.at(valueColumn).column, r, TextFormat::Quoted);
            g.second += std::stod(v);
        }
    Rows rows;
    for (const auto &[key, g] : groups) {
        Column sum(t(TypeKind::Float64));
        sum.push<double>(g.second);
        rows.push_back(key + "," + std::to_string(g.first) + "," + valueToString(sum, 0, TextFormat::Quoted));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

TEST(GroupKeyPacker, LayoutsByWidth)
{
    EXPECT_EQ(GroupKeyPacker({t(TypeKind::Int64)}).words(), 1u);
    EXPECT_EQ(GroupKeyPacker({t(TypeKind::Int64), t(TypeKind::Int32)}).words(), 2u); // 12 bytes
    EXPECT_EQ(GroupKeyPacker({makeNullable(t(TypeKind::Int64)), t(TypeKind::Int64)}).words(), 4u); // 17 bytes
    EXPECT_EQ(GroupKeyPacker({t(TypeKind::Int256)}).words(), 4u);
    EXPECT_EQ(GroupKeyPacker({t(TypeKind::Int256), t(TypeKind::UInt8)}).words(), 0u); // 33 bytes: serialized
    EXPECT_EQ(GroupKeyPacker({t(TypeKind::Int64), t(TypeKind::String)}).words(), 0u);
    EXPECT_EQ(GroupKeyPacker({makeArray(t(TypeKind::Int64))}).words(), 0u);
    EXPECT_EQ(GroupKeyPacker({makeTuple({t(TypeKind::UInt16), t(TypeKind::Date)}, {})}).words(), 1u);
    EXPECT_EQ(GroupKeyPacker({makeTuple({t(TypeKind::UInt16), t(TypeKind::String)}, {})}).words(), 0u);
}

TEST(GroupKeyPacker, NullIsNotZeroAndMinusZeroIsZero)
{
    auto nulls = ni64({std::nullopt, 0, 7, std::nullopt});
    auto packed = packRows({makeNullable(t(TypeKind::Int64)), t(TypeKind::Int32)}, {nulls, i32({1, 1, 1, 1})});
    ASSERT_EQ(packed.size(), 4u * 2);
    auto key = [&](size_t r) { return std::make_pair(packed[r * 2], packed[r * 2 + 1]); };
    EXPECT_NE(key(0), key(1)); // NULL vs 0
    EXPECT_EQ(key(0), key(3)); // NULL vs NULL, whatever the nested value holds
    EXPECT_NE(key(1), key(2));

    auto floats = packRows({t(TypeKind::Float64)}, {f64({0.0, -0.0, 1.5})});
    EXPECT_EQ(floats[0], floats[1]);
    EXPECT_NE(floats[0], floats[2]);
}

TEST(PackedKeyMap, DenseIdsThroughGrowth)
{
    PackedKeyMap<2> map;
    // Keys that differ only in the high word, or only by multiples of 1000 (window starts).
    for (uint32_t i = 0; i < 100000; ++i) {
        uint64_t key[2] = {uint64_t(i % 1000) * 1000, uint64_t(i / 1000) << 40};
        bool inserted = false;
        EXPECT_EQ(map.findOrInsert(key, i, &inserted), i);
        EXPECT_TRUE(inserted);
    }
    EXPECT_EQ(map.size(), 100000u);
    for (uint32_t i = 0; i < 100000; i += 997) {
        uint64_t key[2] = {uint64_t(i % 1000) * 1000, uint64_t(i / 1000) << 40};
        bool inserted = true;
        EXPECT_EQ(map.findOrInsert(key, 999999, &inserted), i);
        EXPECT_FALSE(inserted);
        EXPECT_EQ(map.find(key), i);
    }
    uint64_t absent[2] = {1, 1};
    EXPECT_EQ(map.find(absent), PackedKeyMap<2>::kEmpty);
    EXPECT_EQ(PackedKeyMap<1>().find(absent), PackedKeyMap<1>::kEmpty);
}

TEST(GroupedAggregation, PackedTwoColumnKeysMatchReference)
{
    std::mt19937_64 rng(42);
    std::vector<Block> blocks;
    for (int b = 0; b < 5; ++b) {
        auto w = Column::create(t(TypeKind::Int64)), k = Column::create(t(TypeKind::Int32)), v = Column::create(t(TypeKind::Int64));
        for (int r = 0; r < 3000; ++r) {
            w->push<int64_t>(static_cast<int64_t>(rng() % 7) * 1000 - 3000);
            k->push<int32_t>(static_cast<int32_t>(rng() % 300) - 150);
            v->push<int64_t>(static_cast<int64_t>(rng() % 100));
        }
        blocks.push_back(block({{"w", w}, {"k", k}, {"v", v}}));
    }
    EXPECT_EQ(aggregate(blocks, 2, 2), reference(blocks, 2, 2));
}

TEST(GroupedAggregation, NullableKeysKeepNullApartFromZero)
{
    std::vector<Block> blocks;
    blocks.push_back(block({{"a", ni64({std::nullopt, 0, 0, std::nullopt, 5})}, {"b", i32({1, 1, 2, 1, 1})}, {"v", i64({1, 2, 3, 4, 5})}}));
    blocks.push_back(block({{"a", ni64({0, std::nullopt, 5})}, {"b", i32({1, 2, 1})}, {"v", i64({10, 20, 30})}}));
    Rows rows = aggregate(blocks, 2, 2);
    EXPECT_EQ(rows, (Rows{"0,1,2,12", "0,2,1,3", "5,1,2,35", "NULL,1,2,5", "NULL,2,1,20"}));
    EXPECT_EQ(rows, reference(blocks, 2, 2));
}

TEST(GroupedAggregation, FloatKeysFoldMinusZero)
{
    std::vector<Block> blocks;
    blocks.push_back(block({{"f", f64({0.0, -0.0, 2.5, 2.5})}, {"v", i64({1, 2, 3, 4})}}));
    Rows rows = aggregate(blocks, 1, 1);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].substr(rows[0].find(',')), ",2,3");
}

TEST(GroupedAggregation, StringsMixedWithIntsUseTheSerializedPath)
{
    std::vector<Block> blocks;
    blocks.push_back(block({{"s", str({"a", "b", "a", ""})}, {"k", i64({1, 1, 1, 1})}, {"v", i64({1, 2, 3, 4})}}));
    blocks.push_back(block({{"s", str({"", "a", "ab"})}, {"k", i64({1, 2, 1})}, {"v", i64({5, 6, 7})}}));
    Rows rows = aggregate(blocks, 2, 2);
    EXPECT_EQ(rows, (Rows{"'',1,2,9", "'a',1,2,4", "'a',2,1,6", "'ab',1,1,7", "'b',1,1,2"}));
}

TEST(GroupedAggregation, WideKeysOfFourWordsAndSingleInts)
{
    std::mt19937_64 rng(7);
    std::vector<Block> blocks;
    for (int b = 0; b < 3; ++b) {
        auto a = Column::create(t(TypeKind::Int64)), c = Column::create(t(TypeKind::Int64)), d = Column::create(t(TypeKind::UInt16));
        auto v = Column::create(t(TypeKind::Int64));
        for (int r = 0; r < 2000; ++r) {
            a->push<int64_t>(static_cast<int64_t>(rng() % 5));
            c->push<int64_t>(static_cast<int64_t>(rng() % 5) << 40);
            d->push<uint16_t>(static_cast<uint16_t>(rng() % 9));
            v->push<int64_t>(1);
        }
        blocks.push_back(block({{"a", a}, {"c", c}, {"d", d}, {"v", v}}));
    }
    EXPECT_EQ(aggregate(blocks, 3, 3), reference(blocks, 3, 3)); // 18 bytes: 4 words
    EXPECT_EQ(aggregate(blocks, 1, 3), reference(blocks, 1, 3)); // single int
}
