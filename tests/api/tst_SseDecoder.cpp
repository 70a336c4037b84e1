#include "api/SseDecoder.h"
#include "api/SseEncoder.h"

#include "PrintQt.h"


#include <ctime>

#include <gtest/gtest.h>

using namespace tideline::api;

namespace {

QList<SseEvent> decodeAll(QByteArrayView stream, qsizetype step)
{
    SseDecoder decoder;
    QList<SseEvent> out;
    for (qsizetype i = 0; i < stream.size(); i += step)
        decoder.feed(stream.sliced(i, qMin(step, stream.size() - i)), out);
    return out;
}

SseEvent ev(QByteArray event, QByteArray data, QByteArray id = {})
{
    return SseEvent{std::move(event), std::move(data), std::move(id)};
}

} // namespace

TEST(SseDecoder, QueryStreamAsTheServerSendsIt)
{
    const QByteArray stream = "event: query\ndata: {\"id\":\"q\"}\n\n"
                              "data: [[true,73.85],[false,77.1]]\n\n"
                              "event: metrics\ndata: {\"count\":2}\n\n";
    const QList<SseEvent> events = decodeAll(stream, stream.size());
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events[0], ev("query", "{\"id\":\"q\"}"));
    EXPECT_EQ(events[1], ev("message", "[[true,73.85],[false,77.1]]"));
    EXPECT_EQ(events[2], ev("metrics", "{\"count\":2}"));
    EXPECT_EQ(SseDecoder::kindOf(events[1].event), SseEventKind::Rows);
}

TEST(SseDecoder, EverySplitPointGivesTheSameEvents)
{
    // CRLF, CR and LF line ends, a multi-byte UTF-8 payload, a comment, multi-line data.
    const QByteArray stream = "\xEF\xBB\xBF: comment\r\n"
                              "event: query\r\ndata: {\"s\":\"caf\xC3\xA9 \xF0\x9F\x8C\x8A\"}\r\n\r\n"
                              "data: line1\rdata: line2\r\r"
                              "id: 7\nevent: metric\ndata:no-space\n\n";
    const QList<SseEvent> expected{ev("query", "{\"s\":\"caf\xC3\xA9 \xF0\x9F\x8C\x8A\"}"),
                                   ev("message", "line1\nline2"),
                                   ev("metric", "no-space", "7")};
    ASSERT_EQ(decodeAll(stream, stream.size()), expected);
    for (qsizetype split = 1; split < stream.size(); ++split) {
        SseDecoder decoder;
        QList<SseEvent> out;
        decoder.feed(stream.first(split), out);
        decoder.feed(stream.sliced(split), out);
        ASSERT_EQ(out, expected) << "split at " << split;
    }
    EXPECT_EQ(decodeAll(stream, 1), expected);
    EXPECT_EQ(SseDecoder::kindOf("metric"), SseEventKind::Metrics);
}

TEST(SseDecoder, CrAtChunkEndThenLfIsOneLineEnd)
{
    SseDecoder decoder;
    QList<SseEvent> out;
    decoder.feed("data: a\r", out);
    decoder.feed("\n", out);
    EXPECT_EQ(out.size(), 0);
    decoder.feed("\r", out); // a blank line on its own
    ASSERT_EQ(out.size(), 1);
    EXPECT_EQ(out[0].data, "a");
    decoder.feed("\ndata: b\n\n", out); // this LF completes the CRLF, it is no blank line
    ASSERT_EQ(out.size(), 2);
    EXPECT_EQ(out[1].data, "b");
    ASSERT_EQ(decoder.feed("").size(), 0); // an empty chunk keeps the pending CR state
}

TEST(SseDecoder, FieldRulesOfTheSpec)
{
    const QByteArray stream = QByteArray("data\n\n"            // field with no colon: empty value
                                         "data:\ndata:\n\n"    // two empty lines: "\n"
                                         "event: x\n\n"        // no data: not dispatched, type reset
                                         "data:  two spaces\n\n" // only one space is removed
                                         "unknown: 1\nretry: 1500\nretry: x\ndata: d\n\n"
                                         "id: a")
        + QByteArray(1, '\0') + "b\ndata: e\n\n";
    const QList<SseEvent> events = decodeAll(stream, 3);
    ASSERT_EQ(events.size(), 5);
    EXPECT_EQ(events[0], ev("message", ""));
    EXPECT_EQ(events[1], ev("message", "\n"));
    EXPECT_EQ(events[2], ev("message", " two spaces"));
    EXPECT_EQ(events[3], ev("message", "d"));
    EXPECT_EQ(events[4].lastEventId, ""); // an id containing NUL is ignored
    SseDecoder decoder;
    decoder.feed("retry: 1500\nretry: x\n\n");
    EXPECT_EQ(decoder.retryMs(), 1500);
}

TEST(SseDecoder, LastEventIdPersistsAcrossEvents)
{
    const QList<SseEvent> events = decodeAll("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n", 5);
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events[0].lastEventId, "1");
    EXPECT_EQ(events[1].lastEventId, "1");
    EXPECT_EQ(events[2].lastEventId, "");
}

TEST(SseDecoder, PartialEventAtEofIsDiscarded)
{
    SseDecoder decoder;
    EXPECT_EQ(decoder.feed("id: 41\ndata: a\n\ndata: b\n").size(), 1);
    EXPECT_TRUE(decoder.finish());
    EXPECT_EQ(decoder.lastEventId(), "41"); // kept for the reconnect
    EXPECT_EQ(decoder.feed("data: c\n\n").size(), 1); // usable again after finish()
    EXPECT_FALSE(decoder.finish());
}

TEST(SseDecoder, OnlyOneLeadingBomIsSkipped)
{
    const QList<SseEvent> events = decodeAll("\xEF\xBB\xBF" "data: a\n\n\xEF\xBB\xBF" "data: b\n\n", 1);
    ASSERT_EQ(events.size(), 1); // a later BOM is part of the field name, an unknown field
    EXPECT_EQ(events[0].data, "a");
    EXPECT_EQ(decodeAll("\xEF\xBB" "data: a\n\n", 1).size(), 0);
    EXPECT_EQ(decodeAll("da", 1).size(), 0);
}

TEST(SseDecoder, InvalidUtf8IsReplaced)
{
    const QList<SseEvent> events = decodeAll("data: a\xFF" "b\n\n", 100);
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, QByteArray("a\xEF\xBF\xBD" "b"));
}

TEST(SseDecoder, OversizedEventIsDroppedAndDecodingResumes)
{
    for (qsizetype step : {1, 7, 4096}) {
        SseDecoder decoder(100);
        const QByteArray big = "event: query\ndata: " + QByteArray(500, 'x') + "\ndata: more\n\n";
        const QByteArray manyLines = QByteArray("data: 0123456789\n").repeated(20) + "\n";
        const QByteArray stream = "data: ok1\n\n" + big + manyLines + "data: ok2\n\n";
        QList<SseEvent> out;
        bool allOk = true;
        for (qsizetype i = 0; i < stream.size(); i += step)
            allOk = decoder.feed(stream.sliced(i, qMin(step, stream.size() - i)), out) && allOk;
        EXPECT_FALSE(allOk);
        EXPECT_EQ(decoder.droppedEvents(), 2) << step;
        ASSERT_EQ(out.size(), 2) << step;
        EXPECT_EQ(out[0].data, "ok1");
        EXPECT_EQ(out[1], ev("message", "ok2")) << step; // the dropped event's type does not leak
        EXPECT_TRUE(decoder.errorString().contains("100"));
    }
}

TEST(SseDecoder, LargeEventInSmallChunks)
{
    QByteArray rows = "[";
    for (int i = 0; i < 20000; ++i)
        rows += (i ? ",[" : "[") + QByteArray::number(i) + ",\"r\"]";
    rows += "]";
    const QByteArray stream = SseEncoder::rowsEvent(rows).repeated(3);
    const QList<SseEvent> events = decodeAll(stream, 1000);
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events[2].data, rows);
}

TEST(SseDecoder, RandomStreamsDecodeTheSameWhateverTheChunking)
{
    // Streams built from the tokens that matter to the parser; any chunking must give the same
    // events, the same dropped count and the same final state as feeding the stream whole.
    const QByteArray tokens[] = {"data:", "data: ", "event: ", "id: ", "retry: ", ":", "\r", "\n", "\r\n",
                                 "x", " ", "\xC3\xA9", "\xF0\x9F", "\x8C\x8A", "\xEF\xBB\xBF", "query", "0123456789"};
    quint32 seed = 12345;
    auto next = [&seed](quint32 bound) {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % bound;
    };
    for (int round = 0; round < 1000; ++round) {
        QByteArray stream;
        const quint32 length = 1 + next(80);
        for (quint32 i = 0; i < length; ++i)
            stream += tokens[next(std::size(tokens))];
        SseDecoder whole(40);
        QList<SseEvent> expected;
        whole.feed(stream, expected);
        const bool expectedTruncated = whole.finish();

        SseDecoder chunked(40);
        QList<SseEvent> got;
        for (qsizetype pos = 0; pos < stream.size();) {
            const qsizetype step = 1 + qsizetype(next(8));
            chunked.feed(stream.sliced(pos, qMin(step, stream.size() - pos)), got);
            pos += step;
        }
        EXPECT_EQ(chunked.droppedEvents(), whole.droppedEvents()) << stream.toStdString();
        EXPECT_EQ(chunked.finish(), expectedTruncated) << stream.toStdString();
        ASSERT_EQ(got, expected) << stream.toStdString();
    }
}

TEST(SseDecoder, TwentyThousandRowEventsInNetworkSizedChunksAllArrive)
{
    QByteArray rows = "[";
    for (int i = 0; i < 40; ++i)
        rows += (i ? ",[" : "[") + QByteArray::number(i * 1234567) + ",\"device_x\",73.85,true]";
    rows += "]";
    QByteArray stream;
    for (int i = 0; i < 20000; ++i)
        SseEncoder::append(stream, i % 100 == 0 ? QByteArrayView("metrics") : QByteArrayView(), rows);
    SseDecoder decoder;
    QList<SseEvent> events;
    events.reserve(20000);
    for (qsizetype i = 0; i < stream.size(); i += 16384)
        decoder.feed(stream.sliced(i, qMin<qsizetype>(16384, stream.size() - i)), events);
    ASSERT_EQ(events.size(), 20000);
    EXPECT_EQ(events.last().data, rows);
    EXPECT_EQ(events.at(100).event, QByteArray("metrics"));
}
