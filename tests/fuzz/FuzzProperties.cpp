#include "FuzzProperties.h"

#include <QJsonDocument>
#include <array>

#include "api/IngestRequest.h"
#include "api/QueryStreamReader.h"
#include "api/RowBatchDecoder.h"
#include "api/SchemaValidator.h"
#include "engine/common/Status.h"
#include "engine/formats/InputFormat.h"
#include "engine/formats/ProtobufReader.h"
#include "engine/formats/ProtobufWriter.h"
#include "engine/formats/ValueWriter.h"
#include "engine/types/DataType.h"

namespace tideline::fuzz {
namespace {

std::string rectangular(const api::RowBatch &rows, const char *what)
{
    if (rows.cellCount() != rows.rowCount() * rows.columnCount())
        return std::string(what) + ": " + std::to_string(rows.cellCount()) + " cells in " + std::to_string(rows.rowCount())
            + " rows of " + std::to_string(rows.columnCount()) + " columns";
    return {};
}

const std::vector<engine::ColumnSpec> &ingestSchema()
{
    static const std::vector<engine::ColumnSpec> schema = [] {
        std::vector<engine::ColumnSpec> s;
        for (const char *spec : {"id int64", "name string", "ts datetime64(3, 'UTC')", "v nullable(float64)", "tags array(string)",
                                 "d decimal(10, 2)", "m map(string, int32)", "u uint8", "t tuple(int32, string)", "lc low_cardinality(string)"}) {
            std::string_view text(spec);
            size_t space = text.find(' ');
            auto type = engine::parseDataType(text.substr(space + 1));
            if (type.isOk())
                s.push_back({std::string(text.substr(0, space)), *type});
        }
        return s;
    }();
    return schema;
}

std::string checkEngineFormat(std::string_view format, std::string_view body)
{
    try {
        engine::Block block = engine::parseInputFormat(format, body, ingestSchema());
        for (const auto &column : block.columns())
            if (column.column->size() != block.rows())
                return std::string(format) + ": column " + column.name + " has " + std::to_string(column.column->size()) + " rows, the block "
                    + std::to_string(block.rows());
    } catch (const engine::EngineError &) {
        // A clean refusal is fine.
    }
    return {};
}

} // namespace

std::string checkIngestBody(std::string_view input)
{
    if (input.empty() || input.size() > kMaxBodySize)
        return {};
    unsigned selector = static_cast<unsigned char>(input[0]) % 7;
    std::string_view body = input.substr(1);
    if (selector >= 4) {
        static constexpr std::array<std::string_view, 3> formats{"CSV", "TSVWithNames", "JSONEachRow"};
        return checkEngineFormat(formats[selector - 4], body);
    }
    static api::IngestRequest request; // reused, as a connection reuses it
    if (request.parse(static_cast<api::IngestFormat>(selector), QByteArrayView(body.data(), qsizetype(body.size())))) {
        if (request.rows().columnCount() != request.columns().size())
            return "ingest: the batch has " + std::to_string(request.rows().columnCount()) + " columns, the names "
                + std::to_string(request.columns().size());
        return rectangular(request.rows(), "ingest");
    }
    if (request.errorString().isEmpty())
        return "ingest: a refused body without an error message";
    return {};
}

namespace {

std::string describe(const api::QueryStreamEvent &e)
{
    std::string out = std::to_string(int(e.kind)) + "|" + e.name.toStdString() + "|" + e.data.toStdString() + "|"
        + e.error.toStdString() + "|" + QJsonDocument(e.object).toJson(QJsonDocument::Compact).toStdString() + "|";
    for (qsizetype i = 0; i < e.rows.cellCount(); ++i)
        out += std::to_string(int(e.rows.cellKind(i))) + ":" + std::string(e.rows.cellText(i).data(), size_t(e.rows.cellText(i).size())) + ",";
    return out;
}

std::vector<std::string> readSse(std::string_view input, bool split, std::string &failure)
{
    api::QueryStreamReader reader(4096); // small, so the size limit is exercised too
    QList<api::QueryStreamEvent> events;
    size_t pos = 0;
    while (pos < input.size()) {
        // Piece lengths come from the bytes themselves: deterministic, and cuts land everywhere.
        size_t piece = split ? 1 + static_cast<unsigned char>(input[pos]) % 7 : input.size();
        piece = std::min(piece, input.size() - pos);
        reader.feed(QByteArrayView(input.data() + pos, qsizetype(piece)), events);
        pos += piece;
    }
    reader.finish();
    std::vector<std::string> out;
    for (const auto &e : events) {
        if (e.kind == api::QueryStreamEvent::Kind::Rows) {
            if (reader.columnCount() >= 0 && e.rows.columnCount() > 0 && failure.empty())
                failure = rectangular(e.rows, "sse rows");
        }
        out.push_back(describe(e));
    }
    return out;
}

} // namespace

std::string checkSseChunking(std::string_view input)
{
    if (input.size() > kMaxBodySize)
        return {};
    std::string failure;
    std::vector<std::string> whole = readSse(input, false, failure);
    std::vector<std::string> pieces = readSse(input, true, failure);
    if (!failure.empty())
        return failure;
    if (whole.size() != pieces.size())
        return "sse: " + std::to_string(whole.size()) + " events read whole, " + std::to_string(pieces.size()) + " in pieces";
    for (size_t i = 0; i < whole.size(); ++i)
        if (whole[i] != pieces[i])
            return "sse: event " + std::to_string(i) + " differs:\n  whole:  " + whole[i] + "\n  pieces: " + pieces[i];
    return {};
}

std::string checkJsonReaders(std::string_view input)
{
    if (input.empty() || input.size() > kMaxBodySize)
        return {};
    static constexpr std::array<const char *, 8> schemas{"StreamDef", "CreateQueryRequestV1Beta2", "CreateAlertRequest", "CreateDashboardRequest",
                                                         "CreateSinkRequest", "UpdateStreamRequest", "CreateUDFRequest", "IngestData"};
    unsigned selector = static_cast<unsigned char>(input[0]);
    QByteArrayView json(input.data() + 1, qsizetype(input.size() - 1));

    static api::RowBatchDecoder decoder;
    api::RowBatch rows;
    if (decoder.decode(json, rows, selector % 2 ? -1 : qsizetype(selector % 5)))
        if (std::string failure = rectangular(rows, "row batch"); !failure.empty())
            return failure;

    const auto &validator = api::SchemaValidator::embedded();
    QString reference = QString::fromLatin1(schemas[selector % schemas.size()]);
    auto fromText = validator.validateJson(json, reference);
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error == QJsonParseError::NoError && !document.isNull()) {
        QJsonValue value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
        if (validator.validate(value, reference).isEmpty() != fromText.isEmpty())
            return "schema validator: the text and the parsed document disagree for " + reference.toStdString();
    }
    return {};
}

namespace {

struct ProtobufFixture {
    engine::ProtobufSchemaPtr schema;
    std::vector<engine::ColumnSpec> columns;
    std::vector<std::string> names;
    std::vector<engine::DataTypePtr> types;
};

const ProtobufFixture &protobufFixture()
{
    static const ProtobufFixture fixture = [] {
        ProtobufFixture f;
        f.schema = *engine::ProtobufSchema::parse(R"(syntax = "proto3";
enum Color { RED = 0; GREEN = 1; }
message Point { sint32 x = 1; string label = 2; }
message Event { double f64 = 1; float f32 = 2; int32 i32 = 3; int64 i64 = 4; uint32 u32 = 5; uint64 u64 = 6;
  sint64 s64 = 7; fixed64 fx64 = 8; sfixed32 sf32 = 9; bool flag = 10; string text = 11; bytes raw = 12;
  Color color = 13; repeated int32 list = 14; Point point = 15; repeated Point points = 16; optional int32 maybe = 17; })");
        for (const char *spec : {"f64 float64", "f32 float32", "i32 int32", "i64 int64", "u32 uint32", "u64 uint64", "s64 int64",
                                 "fx64 uint64", "sf32 int32", "flag bool", "text string", "raw string", "color string", "list array(int32)",
                                 "point tuple(x int32, label string)", "points array(tuple(x int32, label string))", "maybe nullable(int32)"}) {
            std::string_view text(spec);
            size_t space = text.find(' ');
            f.columns.push_back({std::string(text.substr(0, space)), *engine::parseDataType(text.substr(space + 1))});
            f.names.push_back(f.columns.back().name);
            f.types.push_back(f.columns.back().type);
        }
        return f;
    }();
    return fixture;
}

std::vector<std::string> cells(const engine::Block &b)
{
    std::vector<std::string> out;
    for (size_t r = 0; r < b.rows(); ++r)
        for (size_t c = 0; c < b.columnCount(); ++c)
            out.push_back(engine::valueToString(*b.at(c).column, r));
    return out;
}

} // namespace

std::string checkProtobufDecoder(std::string_view input)
{
    if (input.empty() || input.size() > kMaxBodySize)
        return {};
    const ProtobufFixture &f = protobufFixture();
    engine::ProtobufReader reader(f.schema, "Event", f.columns);
    bool delimited = static_cast<unsigned char>(input[0]) % 2;
    std::string_view data = input.substr(1);
    engine::Block block;
    try {
        block = delimited ? reader.readDelimited(data) : reader.readSingle(data);
    } catch (const engine::EngineError &) {
        return {}; // bad bytes: an error value, which is the property
    }
    for (size_t c = 0; c < block.columnCount(); ++c)
        if (block.at(c).column->size() != block.rows())
            return "protobuf: column " + block.at(c).name + " has " + std::to_string(block.at(c).column->size()) + " rows of " + std::to_string(block.rows());
    try {
        std::string written;
        engine::ProtobufWriter(f.schema, "Event", f.names, f.types).writeDelimited(block, written);
        if (cells(reader.readDelimited(written)) != cells(block))
            return "protobuf: the rows written back by ProtobufWriter decode differently";
    } catch (const engine::EngineError &e) {
        return "protobuf: decoded rows do not write back: " + e.status().message();
    }
    return {};
}

} // namespace tideline::fuzz
