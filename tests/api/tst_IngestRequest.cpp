#include "api/IngestRequest.h"

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

namespace {

std::optional<IngestFormat> detect(QStringView param, QByteArrayView contentType, QByteArrayView body = {})
{
    return IngestRequest::detectFormat(param, contentType, body);
}

QString compactError(QByteArrayView body)
{
    IngestRequest request;
    EXPECT_FALSE(request.parseCompact(body)) << body.toByteArray().constData();
    EXPECT_TRUE(request.columns().isEmpty());
    EXPECT_EQ(request.rows().rowCount(), 0);
    return request.errorString();
}

QString streamingError(QByteArrayView body)
{
    IngestRequest request;
    EXPECT_FALSE(request.parseStreaming(body)) << body.toByteArray().constData();
    return request.errorString();
}

} // namespace

TEST(IngestRequest, FormatFromContentType)
{
    EXPECT_EQ(detect(u"", "application/json"), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "application/json;format=compact"), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "application/vnd.timeplus+json"), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "application/vnd.timeplus+json;format=compat"), IngestFormat::Compact); // sic in the spec
    EXPECT_EQ(detect(u"", "application/json;charset=UTF-8"), IngestFormat::Compact);               // nodejs-sample
    EXPECT_EQ(detect(u"", "application/json;format=streaming"), IngestFormat::Streaming);
    EXPECT_EQ(detect(u"", "Application/JSON; Format=\"Stream\""), IngestFormat::Streaming);
    EXPECT_EQ(detect(u"", "application/vnd.timeplus+json;format=streaming"), IngestFormat::Streaming);
    EXPECT_EQ(detect(u"", "application/x-ndjson"), IngestFormat::Streaming);
    EXPECT_EQ(detect(u"", "text/plain"), IngestFormat::Raw);
    EXPECT_EQ(detect(u"", "text/plain;format=raw"), IngestFormat::Raw);
    EXPECT_EQ(detect(u"", "text/plain;format=lines"), IngestFormat::Lines); // kafka-connect-timeplus
    EXPECT_EQ(detect(u"", ""), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "application/x-www-form-urlencoded"), IngestFormat::Compact); // curl -d
}

TEST(IngestRequest, FormatParameterOverridesContentType)
{
    // gluon sends application/json with ?format=streaming|raw|lines and a non-JSON body.
    EXPECT_EQ(detect(u"streaming", "application/json"), IngestFormat::Streaming);
    EXPECT_EQ(detect(u"raw", "application/json"), IngestFormat::Raw);
    EXPECT_EQ(detect(u"lines", "application/json;format=compact"), IngestFormat::Lines);
    EXPECT_EQ(detect(u"compact", "text/plain"), IngestFormat::Compact);
    QString error;
    EXPECT_FALSE(IngestRequest::detectFormat(u"csv", "application/json", {}, &error));
    EXPECT_TRUE(error.contains("'csv'"));
    EXPECT_FALSE(IngestRequest::detectFormat(u"", "application/json;format=xml", {}, &error));
    EXPECT_TRUE(error.contains("'xml'"));
}

TEST(IngestRequest, JsonBodiesAreAcceptedWhateverTheContentType)
{
    const QByteArray compact = R"({"columns":["a"],"data":[[1]]})";
    EXPECT_EQ(detect(u"", "text/plain;charset=UTF-8", compact), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "text/plain", "  \n" + compact), IngestFormat::Compact);
    EXPECT_EQ(detect(u"", "text/plain", R"({"key1":"value11"})"), IngestFormat::Raw); // not a compact body
    EXPECT_EQ(detect(u"raw", "text/plain", compact), IngestFormat::Raw);                // explicit wins
}

TEST(IngestRequest, CompactAsTheDocsSendIt)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseCompact(R"({"columns":["key1","key2"],"data":[["value11","value12"],["value21","value22"]]})"))
        << request.errorString().toStdString();
    EXPECT_EQ(request.columns(), (QStringList{"key1", "key2"}));
    ASSERT_EQ(request.rows().rowCount(), 2);
    EXPECT_EQ(request.rows().text(1, 0), "value21");
    EXPECT_EQ(request.rows().toJson(), R"([["value11","value12"],["value21","value22"]])");
}

TEST(IngestRequest, CompactKeepsNumbersExact)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseCompact(R"({"data":[[9223372036854775813,-1.50,"2023-02-06T06:38:53.408Z",null,true,[1,2],{"k":"v"}]],
                                         "columns":["u","d","t","n","b","a","m"],"other":{"ignored":[1]}})"))
        << request.errorString().toStdString();
    const RowBatch &rows = request.rows();
    EXPECT_EQ(rows.text(0, 0), "9223372036854775813");
    EXPECT_EQ(rows.text(0, 1), "-1.50");
    EXPECT_EQ(rows.kind(0, 2), CellKind::String);
    EXPECT_TRUE(rows.isNull(0, 3));
    EXPECT_EQ(rows.text(0, 4), "true");
    EXPECT_EQ(rows.text(0, 5), "[1,2]");
    EXPECT_EQ(rows.text(0, 6), "{\"k\":\"v\"}");
}

TEST(IngestRequest, CompactEmptyData)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseCompact(R"({"columns":["a","b"],"data":[]})"));
    EXPECT_EQ(request.rows().rowCount(), 0);
    EXPECT_EQ(request.rows().columnCount(), 2);
    const RowBatch taken = request.takeRows();
    EXPECT_EQ(taken.columnCount(), 2);
}

TEST(IngestRequest, CompactErrorsSayWhere)
{
    EXPECT_EQ(compactError(R"({"columns":["a","b"],"data":[[1,2],[3]]})"), "data[1]: has 1 values, expected 2");
    EXPECT_EQ(compactError(R"({"columns":["a","b"],"data":[[1,2,3]]})"), "data[0][2]: more than 2 values");
    EXPECT_EQ(compactError(R"({"data":[[1,2,3]],"columns":["a","b"]})"), "data[0]: has 3 values, expected 2 (the columns)");
    EXPECT_EQ(compactError(R"({"columns":["a","b"],"data":[[1,2],"x"]})").left(8), "data[1]:");
    EXPECT_EQ(compactError(R"({"columns":["a","b"],"data":[[1,01]]})").left(11), "data[0][1]:");
    EXPECT_EQ(compactError(R"({"columns":["a"],"data":[["\ud800"]]})").left(11), "data[0][0]:");
    EXPECT_EQ(compactError(R"({"columns":["a",1],"data":[]})"), "columns[1]: expected a string");
    EXPECT_EQ(compactError(R"({"columns":["a","a"],"data":[]})"), "columns[1]: duplicate column 'a'");
    EXPECT_EQ(compactError(R"({"columns":["a",""],"data":[]})"), "columns[1]: empty column name");
    EXPECT_EQ(compactError(R"({"columns":[],"data":[]})"), "'columns' is empty");
    EXPECT_EQ(compactError(R"({"columns":"a","data":[]})"), "'columns' must be an array of column names");
    EXPECT_EQ(compactError(R"({"columns":["a"]})"), "missing 'data' field");
    EXPECT_EQ(compactError(R"({"data":[[1]]})"), "missing 'columns' field");
    EXPECT_EQ(compactError(R"({"columns":["a"],"data":{"a":1}})"), "'data' must be an array of rows");
    EXPECT_EQ(compactError(R"({"columns":["a"],"data":[],"data":[]})"), "'data' appears twice");
    EXPECT_EQ(compactError(R"({"columns":["a"],"data":[]} [])"), "unexpected content after the JSON object");
    EXPECT_TRUE(compactError(R"([["a"]])").startsWith("expected a JSON object"));
    EXPECT_TRUE(compactError("").startsWith("expected a JSON object"));
    EXPECT_FALSE(compactError(R"({"columns":["a"],"data":[[1)").isEmpty());
}

TEST(IngestRequest, StreamingObjectsWithOrWithoutNewlines)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseStreaming("{\"key1\":\"value11\",\"key2\":\"value12\"}\n"
                                       "{\"key1\":\"value21\",\n \"key2\":\"va}l\\\"ue22\"}{\"key2\":3,\"key3\":[1,{\"x\":\"}\"}]}\r\n"))
        << request.errorString().toStdString();
    EXPECT_EQ(request.columns(), (QStringList{"key1", "key2", "key3"}));
    const RowBatch &rows = request.rows();
    ASSERT_EQ(rows.rowCount(), 3);
    EXPECT_EQ(rows.text(1, 1), "va}l\"ue22");
    EXPECT_EQ(rows.kind(0, 2), CellKind::Missing); // absent keys: column default, not NULL
    EXPECT_EQ(rows.kind(2, 0), CellKind::Missing);
    EXPECT_EQ(rows.text(2, 1), "3");
    EXPECT_EQ(rows.text(2, 2), "[1,{\"x\":\"}\"}]");
    ASSERT_TRUE(request.parseStreaming(" \n "));
    EXPECT_EQ(request.rows().rowCount(), 0);
    EXPECT_TRUE(request.columns().isEmpty());
}

TEST(IngestRequest, StreamingAlsoTakesAnArrayOfObjects)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseStreaming(" [ {\"a\":1} ,\n{\"b\":\"]\"} ] \n")) << request.errorString().toStdString();
    EXPECT_EQ(request.columns(), (QStringList{"a", "b"}));
    ASSERT_EQ(request.rows().rowCount(), 2);
    EXPECT_EQ(request.rows().text(1, 1), "]");
    ASSERT_TRUE(request.parseStreaming("[]"));
    EXPECT_EQ(request.rows().rowCount(), 0);
    EXPECT_EQ(streamingError("[{\"a\":1}"), "the array of objects is not closed");
    EXPECT_EQ(streamingError("[{\"a\":1} {\"a\":2}]"), "byte 9: expected , or ] in the array of objects");
    EXPECT_EQ(streamingError("[{\"a\":1}] {\"a\":2}"), "byte 10: unexpected content after the array");
    EXPECT_EQ(streamingError("[1]"), "byte 1: expected a JSON object");
}

TEST(IngestRequest, StreamingErrorsSayWhere)
{
    EXPECT_EQ(streamingError("{\"a\":1}\n[1]"), "byte 8: expected a JSON object");
    EXPECT_EQ(streamingError("{\"a\":1}\n{\"a\":2"), "object 1 (byte 8): not closed");
    EXPECT_EQ(streamingError("{\"a\":1,\"a\":2}"), "object 0 (byte 0): duplicate key 'a'");
    EXPECT_TRUE(streamingError("{\"a\":1}{\"b\":tru}").startsWith("object 1 (byte 7), key 'b':"));
    EXPECT_TRUE(streamingError("{\"a\" 1}").startsWith("object 0 (byte 0)"));
}

TEST(IngestRequest, RawAndLines)
{
    IngestRequest request;
    ASSERT_TRUE(request.parseRaw("{\"key1\":\"value11\"}\nsecond line"));
    EXPECT_EQ(request.columns(), QStringList{"raw"});
    ASSERT_EQ(request.rows().rowCount(), 1);
    EXPECT_EQ(request.rows().text(0, 0), "{\"key1\":\"value11\"}\nsecond line");

    ASSERT_TRUE(request.parse(IngestFormat::Lines, "line1\r\nline2\n\nline4\n"));
    EXPECT_EQ(request.columns(), QStringList{"raw"});
    ASSERT_EQ(request.rows().rowCount(), 4);
    EXPECT_EQ(request.rows().text(0, 0), "line1");
    EXPECT_EQ(request.rows().text(2, 0), "");
    EXPECT_EQ(request.rows().text(3, 0), "line4");
    ASSERT_TRUE(request.parseLines(""));
    EXPECT_EQ(request.rows().rowCount(), 0);
    ASSERT_TRUE(request.parseLines("no newline"));
    EXPECT_EQ(request.rows().rowCount(), 1);
}

TEST(IngestRequest, FormatNames)
{
    for (IngestFormat f : {IngestFormat::Compact, IngestFormat::Streaming, IngestFormat::Raw, IngestFormat::Lines})
        EXPECT_EQ(IngestRequest::formatFromName(IngestRequest::formatName(f)), f);
    EXPECT_EQ(IngestRequest::formatFromName(u"STREAM"), IngestFormat::Streaming);
    EXPECT_FALSE(IngestRequest::formatFromName(u"json").has_value());
}

TEST(IngestRequest, TruncatedBodiesAreErrorsNotCrashes)
{
    const QByteArray compact = R"({"columns":["a","b"],"data":[[1,"x\"y"],[null,{"k":[1,2]}]]})";
    const QByteArray streaming = "{\"a\":1,\"b\":\"x}y\"}\n{\"b\":[1,{\"c\":2}]}";
    IngestRequest request;
    for (qsizetype n = 0; n < compact.size(); ++n)
        EXPECT_FALSE(request.parseCompact(compact.first(n))) << n;
    ASSERT_TRUE(request.parseCompact(compact));
    for (qsizetype n = 0; n < streaming.size(); ++n) {
        if (request.parseStreaming(streaming.first(n))) {
            EXPECT_TRUE(n == 0 || streaming[n - 1] == '}' || streaming[n - 1] == '\n') << n;
        }
    }
    ASSERT_TRUE(request.parseStreaming(streaming));
    EXPECT_EQ(request.rows().rowCount(), 2);
}
