#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "engine/catalog/Catalog.h"

using namespace tideline::engine;

namespace {
std::string tempPath()
{
    auto dir = std::filesystem::temp_directory_path() / ("tideline-catalog-" + std::to_string(getpid()) + "-" + std::to_string(rand()));
    std::filesystem::create_directories(dir);
    return (dir / "catalog.db").string();
}
CatalogObject stream(const std::string &name)
{
    return {"default", name, CatalogObjectKind::Stream, "CREATE STREAM default." + name + " (a int32)", "uuid-" + name, 1, {}};
}
} // namespace

TEST(Catalog, PersistsObjectsAcrossReopen)
{
    auto path = tempPath();
    {
        auto c = Catalog::open(path);
        ASSERT_TRUE(c.isOk()) << c.status().message();
        ASSERT_TRUE((*c)->createObject(stream("s1")).isOk());
        ASSERT_TRUE((*c)->setProperty("default", "s1", "mv_position", "42").isOk());
        ASSERT_TRUE((*c)->createDatabase("analytics").isOk());
        ASSERT_TRUE((*c)->putResource("dashboard", "d1", "{\"name\":\"x\"}").isOk());
    }
    auto c = Catalog::open(path);
    ASSERT_TRUE(c.isOk());
    auto o = (*c)->object("default", "s1");
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(o->ddl, "CREATE STREAM default.s1 (a int32)");
    EXPECT_EQ(o->properties.at("mv_position"), "42");
    EXPECT_TRUE((*c)->hasDatabase("analytics"));
    EXPECT_EQ((*c)->resource("dashboard", "d1").value_or(""), "{\"name\":\"x\"}");
}

TEST(Catalog, RefusesDuplicatesAndUnknownNamesWithoutChanges)
{
    auto c = Catalog::open(tempPath());
    ASSERT_TRUE(c.isOk());
    ASSERT_TRUE((*c)->createObject(stream("s")).isOk());
    EXPECT_EQ((*c)->createObject(stream("s")).code(), 57);
    EXPECT_EQ((*c)->dropObject("default", "nope").code(), 60);
    EXPECT_EQ((*c)->createDatabase("default").code(), 82);
    auto bad = stream("t");
    bad.database = "missing";
    EXPECT_EQ((*c)->createObject(bad).code(), 81);
    EXPECT_EQ((*c)->objects().size(), 1u);
}

TEST(Catalog, RenameAndDropDatabase)
{
    auto path = tempPath();
    auto c = Catalog::open(path);
    ASSERT_TRUE(c.isOk());
    ASSERT_TRUE((*c)->createDatabase("db2").isOk());
    ASSERT_TRUE((*c)->createObject(stream("a")).isOk());
    ASSERT_TRUE((*c)->setProperty("default", "a", "k", "v").isOk());
    ASSERT_TRUE((*c)->renameObject("default", "a", "db2", "b").isOk());
    EXPECT_FALSE((*c)->object("default", "a").has_value());
    ASSERT_TRUE((*c)->object("db2", "b").has_value());
    EXPECT_EQ((*c)->object("db2", "b")->properties.at("k"), "v");
    ASSERT_TRUE((*c)->dropDatabase("db2").isOk());
    c = Catalog::open(path);
    EXPECT_TRUE((*c)->objects().empty());
    EXPECT_FALSE((*c)->hasDatabase("db2"));
}
