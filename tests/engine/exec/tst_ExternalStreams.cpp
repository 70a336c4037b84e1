// External streams through the Engine facade with an in-memory connector: the engine's side
// (settings checked at CREATE, the data formats both ways, message keys, virtual columns, reads
// as query sources, INSERT and MATERIALIZED VIEW ... INTO, an engine opened without the
// connector) without Kafka. The librdkafka connector is tested against librdkafka's mock
// cluster in tests/workspace/tst_KafkaExternalStream.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "EngineFixture.h"
#include "engine/exec/ExternalStreamSource.h"
#include "engine/exec/StreamInfo.h"

using namespace tideline::engine;

namespace {

// One topic of one partition, shared by every reader and writer of the connector.
struct Topic {
    std::mutex mutex;
    std::vector<ExternalMessage> messages;
};

class MemoryReader final : public ExternalStreamReader {
public:
    MemoryReader(std::shared_ptr<Topic> topic, ExternalReadOptions o) : m_topic(std::move(topic)), m_options(std::move(o))
    {
        std::lock_guard lock(m_topic->mutex);
        m_end = m_topic->messages.size();
        m_next = m_options.start == ExternalReadOptions::Start::Earliest ? 0
            : m_options.start == ExternalReadOptions::Start::Offset    ? std::min<size_t>(static_cast<size_t>(m_options.offset), m_end)
                                                                        : m_end;
    }
    Result<bool> read(std::vector<ExternalMessage> &out, size_t max, int) override
    {
        std::lock_guard lock(m_topic->mutex);
        size_t limit = m_options.bounded ? m_end : m_topic->messages.size();
        while (!paused && m_next < limit && max-- > 0)
            out.push_back(m_topic->messages[m_next++]);
        return !(m_options.bounded && m_next >= m_end);
    }
    bool resumable() const override { return true; }
    void pause(const std::vector<int32_t> &) override { paused = true; }
    void fetchAll() override { paused = false; }
    bool paused = false;
    Result<ExternalOffsets> positions() override { return ExternalOffsets{{0, static_cast<int64_t>(m_next)}}; }
    void resumeAt(const ExternalOffsets &offsets) override
    {
        std::lock_guard lock(m_topic->mutex);
        auto it = offsets.find(0);
        m_next = std::min(it == offsets.end() ? 0 : static_cast<size_t>(it->second), m_topic->messages.size());
    }

private:
    std::shared_ptr<Topic> m_topic;
    ExternalReadOptions m_options;
    size_t m_next = 0, m_end = 0;
};

class MemoryWriter final : public ExternalStreamWriter {
public:
    explicit MemoryWriter(std::shared_ptr<Topic> topic) : m_topic(std::move(topic)) {}
    Status write(const std::vector<ExternalMessage> &messages) override
    {
        std::lock_guard lock(m_topic->mutex);
        for (auto m : messages) {
            m.partition = 0;
            m.offset = static_cast<int64_t>(m_topic->messages.size());
            m.timestampMs = 1700000000000 + m.offset;
            m_topic->messages.push_back(std::move(m));
        }
        return {};
    }

private:
    std::shared_ptr<Topic> m_topic;
};

class MemoryConnector final : public ExternalStreamConnector {
public:
    Status validate(const Settings &settings) const override
    {
        auto it = settings.find("brokers");
        return it != settings.end() && it->second == "refused:1" ? Status(ErrorCode::BadArguments, "refused by the connector") : Status();
    }
    Result<std::unique_ptr<ExternalStreamReader>> openReader(const Settings &, const ExternalReadOptions &o) override
    {
        return std::unique_ptr<ExternalStreamReader>(new MemoryReader(topic, o));
    }
    Result<std::unique_ptr<ExternalStreamWriter>> openWriter(const Settings &) override
    {
        return std::unique_ptr<ExternalStreamWriter>(new MemoryWriter(topic));
    }
    std::shared_ptr<Topic> topic = std::make_shared<Topic>();
};

class ExternalStreams : public EngineFixture {
protected:
    void addOptions(EngineOptions &o) override
    {
        if (m_withConnector)
            o.externalConnectors["kafka"] = m_connector;
    }
    // Opens the engine again, with or without the kafka connector.
    void reopen(bool withConnector)
    {
        m_withConnector = withConnector;
        open();
    }
    std::vector<std::string> values()
    {
        std::lock_guard lock(m_connector->topic->mutex);
        std::vector<std::string> out;
        for (const auto &m : m_connector->topic->messages)
            out.push_back((m.hasKey ? m.key + "|" : std::string()) + m.value);
        return out;
    }

    // A message produced by another client (the engine may be closed).
    void produce(int64_t id)
    {
        std::lock_guard lock(m_connector->topic->mutex);
        auto &messages = m_connector->topic->messages;
        messages.push_back({{}, false, "{\"id\":" + std::to_string(id) + ",\"s\":\"m\"}", 0, static_cast<int64_t>(messages.size()), 1700000000000});
    }
    // The rows of a bounded query once they equal `expected` (a view writes them in the
    // background, and waitForViews cannot see where an external source ends), or at the deadline.
    std::vector<std::string> rowsOnceEqual(const std::string &sql, const std::vector<std::string> &expected)
    {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        std::vector<std::string> got;
        while ((got = rows(sql)) != expected && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return got;
    }
    static std::vector<std::string> ids(int64_t from, int64_t to, int64_t step = 1)
    {
        std::vector<std::string> out;
        for (int64_t i = from; i <= to; i += step)
            out.push_back(std::to_string(i));
        return out;
    }

    std::shared_ptr<MemoryConnector> m_connector = std::make_shared<MemoryConnector>();
    bool m_withConnector = true;
};

const char *kCreate = "CREATE EXTERNAL STREAM e (id int64, s string) SETTINGS type='kafka', brokers='b:1', topic='t', data_format='JSONEachRow'";

} // namespace

TEST_F(ExternalStreams, InsertEncodesAndTableReadsDecodeWithVirtualColumns)
{
    run(kCreate);
    run("INSERT INTO e (id, s) VALUES (1, 'a'), (2, 'b')");
    EXPECT_EQ(values(), (std::vector<std::string>{"{\"id\":\"1\",\"s\":\"a\"}\n{\"id\":\"2\",\"s\":\"b\"}\n"})); // one message per INSERT
    EXPECT_EQ(rows("SELECT * FROM table(e)"), (std::vector<std::string>{"1\ta", "2\tb"}));
    EXPECT_EQ(rows("SELECT id, _tp_sn, _tp_shard, _tp_message_key, _tp_time FROM table(e)"),
              (std::vector<std::string>{"1\t0\t0\t\t2023-11-14 22:13:20.000", "2\t0\t0\t\t2023-11-14 22:13:20.000"}));
}

TEST_F(ExternalStreams, OneMessagePerRowAndMessageKeys)
{
    run("CREATE EXTERNAL STREAM k (_tp_message_key string, id int64) SETTINGS type='kafka', brokers='b:1', topic='t', data_format='CSV'");
    run("INSERT INTO k (_tp_message_key, id) VALUES ('x', 1), ('y', 2)");
    EXPECT_EQ(values(), (std::vector<std::string>{"x|1\n", "y|2\n"}));
    EXPECT_EQ(rows("SELECT _tp_message_key, id FROM table(k)"), (std::vector<std::string>{"x\t1", "y\t2"}));
    EXPECT_EQ(rows("SELECT * FROM table(k)"), (std::vector<std::string>{"x\t1", "y\t2"})); // declared: part of *
}

TEST_F(ExternalStreams, StreamingReadsFromSeekToAndMaterializedViewsWriteInto)
{
    run(kCreate);
    run("INSERT INTO e (id, s) VALUES (1, 'old')");
    auto tail = m_session->execute("SELECT id, s FROM e");
    ASSERT_TRUE(tail.isOk()) << tail.status().message();
    run("CREATE STREAM src (id int64, s string)");
    run("CREATE MATERIALIZED VIEW mv INTO e AS SELECT id + 100 AS id, s FROM src");
    run("INSERT INTO src (id, s) VALUES (1, 'new')");
    ASSERT_TRUE(m_engine->waitForViews(5000));
    Block b;
    auto got = (*tail)->next(b);
    ASSERT_TRUE(got.isOk() && *got) << got.status().message();
    EXPECT_EQ(valueToString(*b.at(0).column, 0), "101"); // latest: the row from before is not read
    EXPECT_EQ(rows("SELECT id FROM e LIMIT 2 SETTINGS seek_to='earliest'"), (std::vector<std::string>{"1", "101"}));
    EXPECT_EQ(rows("SELECT id FROM e LIMIT 1 SETTINGS seek_to='1'"), (std::vector<std::string>{"101"}));
    EXPECT_EQ(status("SELECT id FROM e SETTINGS seek_to='soon'").code(), 36);
}

TEST_F(ExternalStreams, BadDefinitionsCreateNothing)
{
    auto refused = [&](const std::string &sql, int code) {
        EXPECT_EQ(status(sql).code(), code) << sql;
        EXPECT_EQ(m_engine->find("default", "bad"), nullptr) << sql;
    };
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='log', brokers='b:1', topic='t'", 36);
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='kafka', topic='t'", 36);
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='kafka', brokers='b:1'", 36);
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='kafka', brokers='b:1', topic='t', data_format='Avro'", 73);
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='kafka', brokers='b:1', topic='t', data_format='ProtobufSingle', format_schema='none:M'", 2611);
    refused("CREATE EXTERNAL STREAM bad (raw string) SETTINGS type='kafka', brokers='refused:1', topic='t'", 36);
    refused("CREATE EXTERNAL STREAM bad SETTINGS type='kafka', brokers='b:1', topic='t'", 51);
}

TEST_F(ExternalStreams, AnEngineWithoutTheConnectorKeepsTheDefinitionButCannotUseIt)
{
    run(kCreate);
    reopen(false);
    ASSERT_NE(m_engine->find("default", "e"), nullptr);
    EXPECT_EQ(status("SELECT * FROM table(e)").code(), 48);
    EXPECT_EQ(status("INSERT INTO e (id, s) VALUES (1, 'a')").code(), 48);
    reopen(true); // and with it again, the definition works
    run("INSERT INTO e (id, s) VALUES (1, 'a')");
    EXPECT_EQ(rows("SELECT id FROM table(e)"), (std::vector<std::string>{"1"}));
}

// A view from an external stream into a stream resumes at the offsets committed with its last
// output: messages produced while the engine was closed, or before the view's first output, are
// written once, none twice.
TEST_F(ExternalStreams, AMaterializedViewFromAnExternalStreamWritesEachMessageOnceAcrossRestarts)
{
    run(kCreate);
    produce(0); // before the view: `latest` skips it
    run("CREATE STREAM dst (id int64)");
    run("CREATE MATERIALIZED VIEW mv INTO dst AS SELECT id FROM e WHERE id % 2 = 1");
    run("CREATE STREAM everything (id int64)"); // from the topic's start, as the SELECT asks
    run("CREATE MATERIALIZED VIEW all_ids INTO everything AS SELECT id FROM e SETTINGS seek_to='earliest'");
    open(); // before any output: the view keeps where it began
    for (int64_t id = 1; id <= 6; ++id)
        produce(id);
    const std::string all = "SELECT id FROM table(dst) ORDER BY id";
    EXPECT_EQ(rowsOnceEqual(all, ids(1, 5, 2)), ids(1, 5, 2));
    m_session.reset();
    m_engine.reset();
    for (int64_t id = 7; id <= 12; ++id) // while closed
        produce(id);
    open();
    EXPECT_EQ(rowsOnceEqual(all, ids(1, 11, 2)), ids(1, 11, 2));
    for (int64_t id = 13; id <= 14; ++id)
        produce(id);
    open();
    EXPECT_EQ(rowsOnceEqual(all, ids(1, 13, 2)), ids(1, 13, 2));
    EXPECT_EQ(rowsOnceEqual("SELECT id FROM table(everything) ORDER BY id", ids(0, 14)), ids(0, 14));
    auto object = m_engine->catalog().object("default", "mv");
    ASSERT_TRUE(object.has_value());
    EXPECT_EQ(object->properties.at("start_offsets"), "0:1");
}

// State over an external stream cannot be replayed exactly (its messages arrive in batches that
// depend on timing): such a view is refused unless best_effort. With it, a restart replays the
// topic from the view's start offsets up to the committed ones, so the state counts every message
// once, and what came after the committed offsets is counted by the live run.
TEST_F(ExternalStreams, AStatefulViewOverAnExternalStreamReplaysItWithBestEffort)
{
    run(kCreate);
    run("CREATE STREAM counts (c uint64)");
    Status refused = status("CREATE MATERIALIZED VIEW agg INTO counts AS SELECT count() AS c FROM e EMIT PERIODIC 1s");
    EXPECT_EQ(refused.code(), 48);
    EXPECT_NE(refused.message().find("external stream"), std::string::npos) << refused.message();
    EXPECT_EQ(m_engine->find("default", "agg"), nullptr);
    produce(0); // before the view
    run("CREATE MATERIALIZED VIEW agg INTO counts AS SELECT count() AS c FROM e EMIT PERIODIC 1s SETTINGS recovery_policy='best_effort'");
    // The newest total, once it is `n`: the periodic emit runs on the injected clock.
    auto totalOnceAt = [&](const std::string &n) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        std::vector<std::string> got;
        while ((got = rows("SELECT max(c) FROM table(counts)")) != std::vector<std::string>{n} && std::chrono::steady_clock::now() < deadline) {
            m_clock.advance(2'000'000'000LL);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return got.empty() ? std::string() : got[0];
    };
    for (int64_t id = 1; id <= 3; ++id)
        produce(id);
    EXPECT_EQ(totalOnceAt("3"), "3");
    open();
    for (int64_t id = 4; id <= 5; ++id)
        produce(id);
    EXPECT_EQ(totalOnceAt("5"), "5");
    m_session.reset();
    m_engine.reset();
    produce(6); // while closed
    open();
    EXPECT_EQ(totalOnceAt("6"), "6");
}

// The source under a replay's limit: what is below it comes out, what is at or past it is held
// back (in order) until the limit is lifted, the partition is paused meanwhile, and positions
// count what was delivered.
TEST_F(ExternalStreams, ALimitHoldsMessagesBackUntilItIsLifted)
{
    run(kCreate);
    for (int64_t id = 0; id < 5; ++id)
        produce(id);
    auto info = m_engine->find("default", "e");
    ExternalReadOptions options;
    options.start = ExternalReadOptions::Start::Earliest;
    auto reader = info->external->openReader(options);
    ASSERT_TRUE(reader.isOk()) << reader.status().message();
    ExternalStreamSource source(info, std::move(*reader), false);
    source.setLimit({{0, 3}});
    EXPECT_FALSE(source.reached({{0, 3}}));
    Block block;
    ASSERT_EQ(source.pull(block), Pull::Block);
    ASSERT_EQ(block.rows(), 3u);
    EXPECT_EQ(valueToString(*block.at(0).column, 2), "2");
    EXPECT_TRUE(source.reached({{0, 3}}));
    EXPECT_EQ(*source.positions(), (ExternalOffsets{{0, 3}})); // ids 3 and 4 were read, not delivered
    produce(5); // the partition reached its limit and is paused: this one is not fetched yet
    EXPECT_EQ(source.pull(block), Pull::Pending);
    source.clearLimit();
    ASSERT_EQ(source.pull(block), Pull::Block); // first what was held, in order
    ASSERT_EQ(block.rows(), 2u);
    EXPECT_EQ(valueToString(*block.at(0).column, 0), "3");
    EXPECT_EQ(*source.positions(), (ExternalOffsets{{0, 5}}));
    ASSERT_EQ(source.pull(block), Pull::Block);
    EXPECT_EQ(valueToString(*block.at(0).column, 0), "5");
    EXPECT_EQ(*source.positions(), (ExternalOffsets{{0, 6}}));
}
