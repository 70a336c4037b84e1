#include "api/QueryStreamReader.h"
#include "api/SseEncoder.h"

#include "PrintQt.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace tideline::api;

namespace {

using Kind = QueryStreamEvent::Kind;

QJsonObject queryObject(const char *status)
{
    return QJsonDocument::fromJson(QByteArray(R"({"id":"q1","sql":"select * from iot","status":")") + status
                                   + R"(","result":{"header":[{"name":"in_use","type":"bool"},{"name":"n","type":"uint64"}]}})")
        .object();
}

QByteArray boundedQueryStream()
{
    QByteArray s;
    s += SseEncoder::queryEvent(queryObject("running"));
    s += SseEncoder::rowsEvent("[[true,18446744073709551615],[false,0]]");
    s += SseEncoder::encode("metric", R"({"count":2,"eps":75})");
    s += SseEncoder::rowsEvent("[]");
    s += SseEncoder::queryEvent(queryObject("finished"));
    return s;
}

} // namespace

TEST(QueryStreamReader, BoundedQueryAsTheServerSendsIt)
{
    const QByteArray stream = boundedQueryStream();
    for (qsizetype step : {stream.size(), qsizetype(1), qsizetype(7)}) {
        QueryStreamReader reader;
        QList<QueryStreamEvent> events;
        for (qsizetype i = 0; i < stream.size(); i += step)
            reader.feed(stream.sliced(i, qMin(step, stream.size() - i)), events);
        EXPECT_FALSE(reader.finish());
        ASSERT_EQ(events.size(), 5) << step;
        EXPECT_EQ(events[0].kind, Kind::Query);
        EXPECT_EQ(events[0].object.value("status").toString(), "running");
        EXPECT_EQ(events[1].kind, Kind::Rows);
        EXPECT_EQ(events[1].rows.text(0, 1), "18446744073709551615");
        EXPECT_EQ(events[2].kind, Kind::Metrics);
        EXPECT_EQ(events[2].object.value("count").toInt(), 2);
        EXPECT_EQ(events[3].kind, Kind::Rows);
        EXPECT_EQ(events[3].rows.columnCount(), 2);
        EXPECT_EQ(events[4].object.value("status").toString(), "finished");
        EXPECT_EQ(reader.columnCount(), 2);
        EXPECT_EQ(reader.header().at(1).toObject().value("type").toString(), "uint64");
        EXPECT_EQ(reader.lastQuery().value("status").toString(), "finished");
    }
}

TEST(QueryStreamReader, RowsOfTheWrongWidthAreErrors)
{
    QueryStreamReader reader;
    QList<QueryStreamEvent> events = reader.feed(SseEncoder::queryEvent(queryObject("running"))
                                                 + SseEncoder::rowsEvent("[[true]]") + SseEncoder::rowsEvent("[[true,1]]"));
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events[1].kind, Kind::Error);
    EXPECT_TRUE(events[1].error.contains("has 1 values, expected 2")) << events[1].error.toStdString();
    EXPECT_EQ(events[1].data, "[[true]]");
    EXPECT_EQ(events[2].kind, Kind::Rows); // the stream goes on
}

TEST(QueryStreamReader, RowsBeforeAnyQueryEventTakeAnyWidth)
{
    QueryStreamReader reader;
    const QList<QueryStreamEvent> events = reader.feed(SseEncoder::rowsEvent("[[1,2,3]]"));
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].kind, Kind::Rows);
    EXPECT_EQ(events[0].rows.columnCount(), 3);
    EXPECT_EQ(reader.columnCount(), -1);
}

TEST(QueryStreamReader, BadJsonUnknownEventsAndOversizedEvents)
{
    QueryStreamReader reader(64);
    const QByteArray stream = "event: query\ndata: {not json\n\n"
                              "event: metrics\ndata: [1]\n\n"
                              "event: progress\ndata: 50%\n\n"
                              "data: " + QByteArray(100, '1') + "\n\n"
                              "data: [[1]]\n\n";
    const QList<QueryStreamEvent> events = reader.feed(stream);
    ASSERT_EQ(events.size(), 5);
    EXPECT_EQ(events[0].kind, Kind::Error); // the oversized event, reported first
    EXPECT_TRUE(events[0].error.contains("64"));
    EXPECT_EQ(events[1].kind, Kind::Error);
    EXPECT_TRUE(events[1].error.startsWith("query event:"));
    EXPECT_EQ(events[1].data, "{not json");
    EXPECT_EQ(events[2].kind, Kind::Error);
    EXPECT_TRUE(events[2].error.contains("not an object"));
    EXPECT_EQ(events[3].kind, Kind::Other);
    EXPECT_EQ(events[3].name, "progress");
    EXPECT_EQ(events[3].data, "50%");
    EXPECT_EQ(events[4].kind, Kind::Rows);
}

TEST(QueryStreamReader, TruncatedStreamIsReported)
{
    QueryStreamReader reader;
    const QByteArray stream = boundedQueryStream();
    EXPECT_EQ(reader.feed(stream.first(stream.size() - 1)).size(), 4);
    EXPECT_TRUE(reader.finish());
}
