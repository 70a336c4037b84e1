#include "api/RowBatch.h"
#include "api/SseDecoder.h"
#include "api/SseEncoder.h"

#include <QJsonObject>

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

TEST(SseEncoder, QueryEventIsEventLineThenOneDataLine)
{
    const QByteArray bytes = SseEncoder::queryEvent(QJsonObject{{"id", "q1"}, {"status", "running"}});
    EXPECT_EQ(bytes, QByteArray("event: query\ndata: {\"id\":\"q1\",\"status\":\"running\"}\n\n"));
}

TEST(SseEncoder, RowsEventHasNoEventLine)
{
    EXPECT_EQ(SseEncoder::rowsEvent("[[true,73.85],[false,77.1]]"),
              QByteArray("data: [[true,73.85],[false,77.1]]\n\n"));
}

TEST(SseEncoder, MetricsEventUsesPluralName)
{
    const QByteArray bytes = SseEncoder::metricsEvent(QJsonObject{{"count", 117}});
    EXPECT_EQ(bytes, QByteArray("event: metrics\ndata: {\"count\":117}\n\n"));
}

TEST(SseEncoder, LineBreaksInPayloadBecomeSpacesSoDataStaysOneLine)
{
    const QByteArray bytes = SseEncoder::encode("query", "{\n  \"a\": 1,\r\n  \"b\": \"x\\ny\"\r}");
    EXPECT_EQ(bytes.count('\n'), 3); // event line, data line, blank line
    EXPECT_EQ(bytes, QByteArray("event: query\ndata: {   \"a\": 1,    \"b\": \"x\\ny\" }\n\n"));
    EXPECT_FALSE(bytes.contains('\r'));
}

TEST(SseEncoder, EventNameCannotInjectLines)
{
    EXPECT_EQ(SseEncoder::encode("qu\nery", "1"), QByteArray("event: query\ndata: 1\n\n"));
}

TEST(SseEncoder, NeverWritesCommentsIdsOrRetry)
{
    QByteArray stream;
    SseEncoder::append(stream, "query", "{}");
    SseEncoder::append(stream, {}, "[[1]]");
    SseEncoder::append(stream, "metrics", "{}");
    for (const QByteArray &line : stream.split('\n')) {
        EXPECT_FALSE(line.startsWith(':'));
        EXPECT_FALSE(line.startsWith("id"));
        EXPECT_FALSE(line.startsWith("retry"));
        if (!line.isEmpty()) {
            EXPECT_TRUE(line.contains(": ")) << line.constData(); // go-client slices at ':'
        }
    }
    EXPECT_TRUE(stream.startsWith("event: query\n"));
}

TEST(SseEncoder, RoundTripsThroughDecoder)
{
    QByteArray stream;
    SseEncoder::append(stream, "query", "{\"id\":\"x\"}");
    SseEncoder::append(stream, {}, "[[1,\"a\"]]");
    SseEncoder::append(stream, "metrics", "{\"count\":1}");
    SseDecoder decoder;
    const QList<SseEvent> events = decoder.feed(stream);
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events[0].event, "query");
    EXPECT_EQ(events[1].event, "message");
    EXPECT_EQ(events[1].data, "[[1,\"a\"]]");
    EXPECT_EQ(SseDecoder::kindOf(events[2].event), SseEventKind::Metrics);
    EXPECT_EQ(SseEncoder::ContentType, std::string_view("text/event-stream"));
}

TEST(SseEncoder, RowsEventFromABatch)
{
    RowBatch rows(2);
    rows.appendCell(CellKind::Number, "9223372036854775813");
    rows.appendCell(CellKind::String, "a\nb");
    rows.endRow();
    EXPECT_EQ(SseEncoder::rowsEvent(rows), QByteArray("data: [[9223372036854775813,\"a\\nb\"]]\n\n"));
}

TEST(SseEncoder, RowsFinishedInPlaceMatchTheEncodedEvent)
{
    std::string buffer(SseEncoder::kDataPrefix);
    buffer += "[[1,\"a\\nb\"],[2,null]]"; // an escaped line break is two characters, not a break
    ASSERT_TRUE(SseEncoder::finishDataEvent(buffer));
    EXPECT_EQ(QByteArray::fromStdString(buffer), SseEncoder::rowsEvent("[[1,\"a\\nb\"],[2,null]]"));
}

TEST(SseEncoder, RowsWithARawLineBreakAreLeftForTheScanningEncoder)
{
    for (const char *json : {"[[1,\n2]]", "[[1,\r2]]"}) {
        std::string buffer = std::string(SseEncoder::kDataPrefix) + json;
        const std::string before = buffer;
        EXPECT_FALSE(SseEncoder::finishDataEvent(buffer));
        EXPECT_EQ(buffer, before);
    }
}
