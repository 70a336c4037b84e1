#pragma once
// Helpers shared by the storage tests: a temp directory per test and block builders.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "engine/column/Block.h"
#include "engine/types/DataType.h"

namespace tideline::engine::testing {

class TempDir {
public:
    TempDir()
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / "tideline-storage-XXXXXX").string();
        char *p = ::mkdtemp(tmpl.data());
        EXPECT_NE(p, nullptr);
        m_path = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::string &path() const { return m_path; }
    std::string sub(const std::string &name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

inline DataTypePtr typeOf(const std::string &name)
{
    auto t = parseDataType(name);
    EXPECT_TRUE(t.isOk()) << name << ": " << t.status().message();
    return *t;
}

// Random contents of any kind, written through the column's own buffers.
inline void fillRandom(Column &c, size_t rows, std::mt19937_64 &rng)
{
    switch (c.type()->kind) {
    case TypeKind::String:
        for (size_t i = 0; i < rows; ++i) {
            std::string s(rng() % 20, 'x');
            for (auto &ch : s)
                ch = static_cast<char>('a' + rng() % 26);
            c.pushString(s);
        }
        break;
    case TypeKind::Nullable:
        for (size_t i = 0; i < rows; ++i)
            c.nullMap.push_back(rng() % 3 == 0);
        fillRandom(*c.children[0], rows, rng);
        c.setSize(rows);
        break;
    case TypeKind::Array:
    case TypeKind::Map: {
        uint64_t total = 0;
        for (size_t i = 0; i < rows; ++i)
            c.offsets.push_back(total += rng() % 4);
        for (auto &child : c.children)
            fillRandom(*child, total, rng);
        c.setSize(rows);
        break;
    }
    case TypeKind::Tuple:
        for (auto &child : c.children)
            fillRandom(*child, rows, rng);
        c.setSize(rows);
        break;
    default: {
        std::vector<uint8_t> bytes(c.type()->valueSize());
        for (size_t i = 0; i < rows; ++i) {
            for (auto &b : bytes)
                b = static_cast<uint8_t>(rng());
            c.pushFixedBytes(bytes.data(), bytes.size());
        }
    }
    }
}

inline void expectSameColumn(const Column &a, const Column &b, const std::string &what)
{
    ASSERT_TRUE(a.type()->equals(*b.type())) << what << ": " << a.type()->name() << " vs " << b.type()->name();
    EXPECT_EQ(a.size(), b.size()) << what;
    EXPECT_EQ(a.fixed, b.fixed) << what;
    EXPECT_EQ(a.offsets, b.offsets) << what;
    EXPECT_EQ(a.chars, b.chars) << what;
    EXPECT_EQ(a.nullMap, b.nullMap) << what;
    ASSERT_EQ(a.children.size(), b.children.size()) << what;
    for (size_t i = 0; i < a.children.size(); ++i)
        expectSameColumn(*a.children[i], *b.children[i], what + "/" + std::to_string(i));
}

inline void expectSameBlock(const Block &a, const Block &b)
{
    ASSERT_EQ(a.columnCount(), b.columnCount());
    EXPECT_EQ(a.rows(), b.rows());
    for (size_t i = 0; i < a.columnCount(); ++i) {
        EXPECT_EQ(a.at(i).name, b.at(i).name);
        expectSameColumn(*a.at(i).column, *b.at(i).column, a.at(i).name);
    }
}

// A block whose every row carries `id`, with _tp_time = timeMs + row and a payload string of
// `payloadBytes` pseudo-random (incompressible) characters per row.
inline Block makeBatch(int64_t id, size_t rows, int64_t timeMs, size_t payloadBytes = 8)
{
    auto time = Column::create(makeDateTime64(3));
    auto ids = Column::create(makeType(TypeKind::Int64));
    auto text = Column::create(makeType(TypeKind::String));
    std::mt19937_64 rng(static_cast<uint64_t>(id) * 7919 + rows);
    std::string s(payloadBytes, ' ');
    for (size_t i = 0; i < rows; ++i) {
        time->push<int64_t>(timeMs + static_cast<int64_t>(i));
        ids->push<int64_t>(id);
        for (auto &ch : s)
            ch = static_cast<char>(33 + rng() % 90);
        text->pushString(s);
    }
    Block b;
    b.add("_tp_time", time);
    b.add("id", ids);
    b.add("text", text);
    return b;
}

// The batch id of a block built by makeBatch; -1 if its rows disagree.
inline int64_t batchId(const Block &b)
{
    const Column *ids = b.find("id");
    if (!ids || ids->empty())
        return -1;
    int64_t id = ids->data<int64_t>()[0];
    for (size_t i = 1; i < ids->size(); ++i)
        if (ids->data<int64_t>()[i] != id)
            return -1;
    return id;
}

} // namespace tideline::engine::testing
