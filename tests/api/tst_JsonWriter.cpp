#include "api/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

TEST(JsonWriter, ExactSixtyFourBitIntegers)
{
    JsonWriter w;
    w.beginArray()
        .value(std::numeric_limits<quint64>::max())
        .value(quint64(9223372036854775813ULL)) // 2^63 + 5
        .value(std::numeric_limits<qint64>::min())
        .value(qint64(9007199254740993LL))
        .endArray();
    EXPECT_EQ(w.take(), "[18446744073709551615,9223372036854775813,-9223372036854775808,9007199254740993]");
    EXPECT_EQ(JsonWriter::number(quint64(9223372036854775813ULL)), "9223372036854775813");
}

TEST(JsonWriter, ObjectsArraysAndCommas)
{
    JsonWriter w;
    w.beginObject();
    w.key(QStringLiteral("a")).value(1);
    w.key(QByteArrayView("b")).beginArray().value(true).null().value(QStringLiteral("x")).endArray();
    w.key(QByteArrayView("c")).beginObject().endObject();
    w.key(QByteArrayView("d")).raw("[1,2]");
    w.endObject();
    EXPECT_EQ(w.take(), R"({"a":1,"b":[true,null,"x"],"c":{},"d":[1,2]})");
}

TEST(JsonWriter, StringEscapes)
{
    QByteArray out;
    JsonWriter::appendString(out, QByteArrayView("q\"b\\n\n\x01\x1f\t caf\xC3\xA9"));
    EXPECT_EQ(out, QByteArray("\"q\\\"b\\\\n\\n\\u0001\\u001f\\t caf\xC3\xA9\""));
    out.clear();
    JsonWriter::appendString(out, QStringView(u"\U0001F30A"));
    EXPECT_EQ(out, QByteArray("\"\xF0\x9F\x8C\x8A\""));
}

TEST(JsonWriter, DoublesShortestAndNonFiniteAsStrings)
{
    auto text = [](double v) {
        QByteArray out;
        JsonWriter::appendDouble(out, v);
        return out;
    };
    EXPECT_EQ(text(73.85), "73.85");
    EXPECT_EQ(text(0.1), "0.1");
    EXPECT_EQ(text(80.0), "80");
    EXPECT_EQ(text(-0.0), "-0");
    EXPECT_EQ(text(1e300), "1e+300");
    EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "\"inf\"");
    EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "\"-inf\"");
    EXPECT_EQ(text(std::nan("")), "\"nan\"");
    EXPECT_EQ(std::stod(text(2.0 / 3).toStdString()), 2.0 / 3);
}

TEST(JsonWriter, QJsonValuesKeepTheirIntegers)
{
    const QJsonObject o{{"big", qint64(9007199254740993LL)}, {"f", 1.5}, {"n", QJsonValue::Null},
                        {"s", "t"}, {"a", QJsonArray{1, 2}}, {"i", 10}};
    QByteArray out;
    JsonWriter::appendValue(out, o);
    EXPECT_EQ(out, R"({"a":[1,2],"big":9007199254740993,"f":1.5,"i":10,"n":null,"s":"t"})");
    EXPECT_EQ(QJsonDocument::fromJson(out).object(), o);
}
