#include "api/RowBatchDecoder.h"


#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

namespace {

RowBatch decodeOk(QByteArrayView json, qsizetype columns = -1)
{
    RowBatchDecoder decoder;
    RowBatch batch;
    EXPECT_TRUE(decoder.decode(json, batch, columns)) << decoder.errorString().toStdString();
    return batch;
}

QString decodeError(QByteArrayView json, qsizetype columns = -1)
{
    RowBatchDecoder decoder;
    RowBatch batch;
    EXPECT_FALSE(decoder.decode(json, batch, columns)) << json.toByteArray().constData();
    EXPECT_EQ(batch.rowCount(), 0);
    return decoder.errorString();
}

} // namespace

TEST(RowBatchDecoder, EveryKindOfCell)
{
    const RowBatch b = decodeOk(R"([[1,"a",null,[1, 2],{"k": 1}],[-2.5e3,"",true,[],{}]])");
    ASSERT_EQ(b.rowCount(), 2);
    ASSERT_EQ(b.columnCount(), 5);
    EXPECT_EQ(b.text(0, 0), "1");
    EXPECT_EQ(b.kind(0, 0), CellKind::Number);
    EXPECT_EQ(b.text(0, 1), "a");
    EXPECT_EQ(b.kind(0, 1), CellKind::String);
    EXPECT_TRUE(b.isNull(0, 2));
    EXPECT_EQ(b.text(0, 2), "");
    EXPECT_EQ(b.text(0, 3), "[1,2]"); // nested values come back compact
    EXPECT_EQ(b.kind(0, 3), CellKind::Array);
    EXPECT_EQ(b.text(0, 4), "{\"k\":1}");
    EXPECT_EQ(b.kind(0, 4), CellKind::Object);
    EXPECT_EQ(b.text(1, 0), "-2.5e3"); // the number's text, as written
    EXPECT_EQ(b.text(1, 1), "");
    EXPECT_FALSE(b.isNull(1, 1));
    EXPECT_EQ(b.text(1, 2), "true");
    EXPECT_EQ(b.kind(1, 2), CellKind::Bool);
    EXPECT_EQ(b.text(1, 3), "[]");
    EXPECT_EQ(b.text(1, 4), "{}");
}

TEST(RowBatchDecoder, SixtyFourBitNumbersStayExact)
{
    // 2^63+5 (uint64 only), int64 min, 2^53+1 (not a double), a number past uint64.
    const RowBatch b = decodeOk("[[9223372036854775813,-9223372036854775808,9007199254740993,"
                                "123456789012345678901234567890,1.00000000000000000001]]");
    EXPECT_EQ(b.text(0, 0), "9223372036854775813");
    EXPECT_EQ(b.text(0, 1), "-9223372036854775808");
    EXPECT_EQ(b.text(0, 2), "9007199254740993");
    EXPECT_EQ(b.text(0, 3), "123456789012345678901234567890");
    EXPECT_EQ(b.text(0, 4), "1.00000000000000000001");
    EXPECT_EQ(b.toJson(), "[[9223372036854775813,-9223372036854775808,9007199254740993,"
                          "123456789012345678901234567890,1.00000000000000000001]]");
}

TEST(RowBatchDecoder, InfinityAndNanAreStrings)
{
    const RowBatch b = decodeOk(R"([["inf","-inf","nan","70.04"]])");
    EXPECT_EQ(b.text(0, 0), "inf");
    EXPECT_EQ(b.text(0, 1), "-inf");
    EXPECT_EQ(b.text(0, 2), "nan");
    EXPECT_EQ(b.kind(0, 2), CellKind::String);
}

TEST(RowBatchDecoder, StringEscapesAreDecoded)
{
    const RowBatch b = decodeOk(R"([["caf\u00e9","\ud83c\udf0a","a\"b\\c\/d\n\t","[1]"]])");
    EXPECT_EQ(b.toString(0, 0), QString::fromUtf8("café"));
    EXPECT_EQ(b.text(0, 1), QByteArray("\xF0\x9F\x8C\x8A")); // surrogate pair -> one code point
    EXPECT_EQ(b.text(0, 2), QByteArray("a\"b\\c/d\n\t"));
    EXPECT_EQ(b.kind(0, 3), CellKind::String); // a string that looks like JSON stays a string
    EXPECT_EQ(b.toJson(), QByteArray("[[\"caf\xC3\xA9\",\"\xF0\x9F\x8C\x8A\",\"a\\\"b\\\\c/d\\n\\t\",\"[1]\"]]"));
}

TEST(RowBatchDecoder, NestedValuesAreValidatedAndCompacted)
{
    const RowBatch b = decodeOk("[[ [ 1 , \"x\\u0041\" , { \"a b\" : [ null , true ] } ] ]]");
    EXPECT_EQ(b.text(0, 0), "[1,\"xA\",{\"a b\":[null,true]}]");
    EXPECT_FALSE(decodeError("[[[tru]]]").isEmpty());
    EXPECT_FALSE(decodeError("[[{\"a\":01}]]").isEmpty());
}

TEST(RowBatchDecoder, EmptyBatches)
{
    RowBatch b = decodeOk("[]");
    EXPECT_EQ(b.rowCount(), 0);
    EXPECT_EQ(b.columnCount(), 0);
    EXPECT_EQ(b.toJson(), "[]");
    b = decodeOk(" [ ] \n", 3);
    EXPECT_EQ(b.columnCount(), 3);
    b = decodeOk("[[],[]]");
    EXPECT_EQ(b.rowCount(), 2);
    EXPECT_EQ(b.columnCount(), 0);
    EXPECT_EQ(b.toJson(), "[[],[]]");
}

TEST(RowBatchDecoder, ErrorsSayWhere)
{
    EXPECT_TRUE(decodeError("[[1,2],[3]]").contains("row 1: has 1 values, expected 2"));
    EXPECT_TRUE(decodeError("[[1,2]]", 3).contains("row 0: has 2 values, expected 3"));
    EXPECT_TRUE(decodeError("[[1,2,3,4]]", 3).contains("row 0, column 3: more than 3 values"));
    EXPECT_TRUE(decodeError("[[1],2]").contains("row 1: expected an array"));
    EXPECT_TRUE(decodeError("[[1,-]]").contains("row 0, column 1"));
    EXPECT_TRUE(decodeError("[[1,+1]]").contains("row 0, column 1"));
    EXPECT_TRUE(decodeError("[[1.]]").contains("invalid number"));
    EXPECT_TRUE(decodeError("[[nul]]").contains("row 0, column 0"));
    EXPECT_TRUE(decodeError(R"([["abc]])").contains("row batch"));
    EXPECT_TRUE(decodeError("{\"a\":1}").contains("expected a JSON array"));
    EXPECT_FALSE(decodeError("").isEmpty());
    EXPECT_FALSE(decodeError("[[1]").isEmpty());
    EXPECT_FALSE(decodeError("[[1]] [[2]]").isEmpty());
    EXPECT_FALSE(decodeError("[[1]] x").isEmpty());
    EXPECT_FALSE(decodeError("[[\"\xFF\"]]").isEmpty()); // invalid UTF-8
    EXPECT_FALSE(decodeError(R"([["\ud800"]])").isEmpty()); // lone surrogate
}

TEST(RowBatchDecoder, DecoderIsReusableAfterErrors)
{
    RowBatchDecoder decoder;
    RowBatch batch;
    EXPECT_FALSE(decoder.decode("[[1", batch));
    EXPECT_TRUE(decoder.decode("[[1,\"a\"]]", batch));
    EXPECT_EQ(batch.text(0, 1), "a");
    EXPECT_TRUE(decoder.errorString().isEmpty());
    const auto again = decoder.decode("[[2,\"b\"],[3,\"c\"]]", 2);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->text(1, 1), "c");
}

TEST(RowBatchDecoder, AppendJoinsBatches)
{
    RowBatch a = decodeOk("[[1,\"a\"]]");
    const RowBatch b = decodeOk("[[2,null],[3,\"c\"]]");
    ASSERT_TRUE(a.append(b));
    EXPECT_EQ(a.rowCount(), 3);
    EXPECT_EQ(a.toJson(), "[[1,\"a\"],[2,null],[3,\"c\"]]");
    EXPECT_FALSE(a.append(decodeOk("[[1]]")));
    EXPECT_EQ(a.rowCount(), 3);
}

TEST(RowBatchDecoder, AMillionCellsDecodeExactlyAndReencodeToTheSameBytes)
{
    QByteArray json = "[";
    const int rows = 100000;
    for (int i = 0; i < rows; ++i) {
        if (i)
            json += ',';
        json += "[" + QByteArray::number(i) + ",\"device_" + QByteArray::number(i % 100)
            + "\",73.85,true,null,18446744073709551615,\"2023-02-06T06:38:53.408Z\",[1,2],-1,\"x\"]";
    }
    json += "]";
    RowBatchDecoder decoder;
    RowBatch batch;
    ASSERT_TRUE(decoder.decode(json, batch, 10)) << decoder.errorString().toStdString();
    ASSERT_TRUE(decoder.decode(json, batch, 10)) << decoder.errorString().toStdString(); // reused, as in a long stream
    EXPECT_EQ(batch.cellCount(), 1000000);
    EXPECT_EQ(batch.text(rows - 1, 5), "18446744073709551615");
    EXPECT_EQ(batch.toJson(), json);
}

TEST(RowBatchDecoder, TruncatedAndMutatedInputNeverCrashes)
{
    const QByteArray valid = R"([[1,"a\"b",null,[1,[2,{"k":"\u00e9"}]],{"k":[true,false]}],[-0.5e-3,"",true,[],{}]])";
    RowBatchDecoder decoder;
    RowBatch batch;
    for (qsizetype n = 0; n < valid.size(); ++n) {
        EXPECT_FALSE(decoder.decode(valid.first(n), batch)) << n;
        EXPECT_FALSE(decoder.errorString().isEmpty());
    }
    const char replacements[] = "[]{}\",:\\ 0-.eEtfnu\x80\xC3";
    quint32 seed = 7;
    int accepted = 0;
    for (int round = 0; round < 5000; ++round) {
        QByteArray mutated = valid;
        for (int k = 0; k < 3; ++k) {
            seed = seed * 1664525u + 1013904223u;
            mutated[(seed >> 8) % mutated.size()] = replacements[(seed >> 20) % (sizeof replacements - 1)];
        }
        if (!decoder.decode(mutated, batch)) {
            EXPECT_FALSE(decoder.errorString().isEmpty());
            continue;
        }
        // Whatever was accepted must survive a round trip through toJson().
        ++accepted;
        RowBatch again;
        ASSERT_TRUE(decoder.decode(batch.toJson(), again)) << mutated.constData();
        EXPECT_EQ(again, batch) << mutated.constData();
    }
    EXPECT_GT(accepted, 0);
}
