#include "api/SchemaValidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "PrintQt.h"

#include <gtest/gtest.h>

using namespace tideline::api;

namespace {

const SchemaValidator &spec() { return SchemaValidator::embedded(); }

QStringList messages(const QList<SchemaError> &errors)
{
    QStringList out;
    for (const SchemaError &e : errors)
        out << e.toString();
    return out;
}

QStringList check(QByteArrayView json, QStringView schema, SchemaValidationOptions options = {})
{
    return messages(spec().validateJson(json, schema, options));
}

std::string show(const QStringList &l) { return l.join(QLatin1String(" | ")).toStdString(); }

// A full Query as the server sends it in the first `query` event (§3.3 and the java-demo sample).
QJsonObject sampleQuery()
{
    const QByteArray json = R"({"id":"b3347493-1c0e-4bcb-9bde-0a3fa4dbb8f0","sql":"select * from iot",
        "status":"running","name":"","description":"","message":"","tags":["t"],"duration":0,
        "start_time":1689809142,"end_time":0,"response_time":1,
        "result":{"header":[{"name":"in_use","type":"bool"},{"name":"speed","type":"float32"}]},
        "analysis":{"original_query":"select * from iot","rewritten_query":"select * from iot",
                    "query_type":"SELECT","is_streaming":true,"has_aggr":false,"has_table_join":false,
                    "has_union":false,"has_subquery":false,"group_by_columns":[],
                    "required_columns":[{"database":"default","table":"iot","is_view":false,"column":"speed","column_type":"float32"}],
                    "result_columns":[{"column":"speed","column_type":"float32","database":"","table":"","is_view":false}]},
        "timeColumns":{"eventTime":-1,"windowStart":-1,"windowEnd":-1},"sinks":{},
        "created_at":"2023-02-01 23:22:59","created_by":{"id":"google-oauth2|1125","name":"me"}})";
    return QJsonDocument::fromJson(json).object();
}

} // namespace

TEST(SchemaValidator, EmbeddedDocumentLoadsCleanly)
{
    EXPECT_TRUE(spec().loadErrors().isEmpty()) << show(spec().loadErrors());
    const QStringList names = spec().schemaNames();
    EXPECT_GE(names.size(), 100);
    for (const char *name : {"Query", "StreamDef", "Stream", "ErrorResponse", "IngestData", "Alert", "CreateQueryRequestV1Beta2"})
        EXPECT_TRUE(names.contains(QLatin1String(name))) << name;
    EXPECT_TRUE(spec().hasSchema(u"Stream[]"));
    EXPECT_TRUE(spec().hasSchema(u"#/components/schemas/Stream"));
    EXPECT_FALSE(spec().hasSchema(u"CreateStreamRequest")); // the spec calls it StreamDef
    EXPECT_EQ(spec().operations().size(), 101);
}

TEST(SchemaValidator, OperationLookup)
{
    const auto create = spec().operation(u"post", u"/v1beta2/streams");
    ASSERT_TRUE(create.has_value());
    EXPECT_EQ(create->request, "StreamDef");
    EXPECT_TRUE(create->requestRequired);
    EXPECT_EQ(create->responses.value(201), "Stream");
    EXPECT_EQ(create->responses.value(400), "ErrorResponse");
    EXPECT_EQ(spec().operation(u"GET", u"/v1beta2/streams")->responses.value(200), "Stream[]");
    const auto drop = spec().operation(u"DELETE", u"/v1beta2/streams/{name}");
    EXPECT_TRUE(drop->responses.contains(204));
    EXPECT_TRUE(drop->responses.value(204).isEmpty()); // declared without a body
    const auto query = spec().operation(u"POST", u"/v1beta2/queries");
    EXPECT_EQ(query->request, "CreateQueryRequestV1Beta2");
    EXPECT_EQ(query->responses.value(200), "Query");
    EXPECT_EQ(spec().operation(u"POST", u"/v1beta2/streams/{name}/ingest")->request, "IngestData");
    EXPECT_EQ(spec().operation(u"DELETE", u"/v1beta2/invitations/{id}")->responses.value(403), "ErrorResponse"); // */*
    EXPECT_FALSE(spec().operation(u"PUT", u"/v1beta2/streams").has_value());

    // The one inline response schema is addressed by its JSON pointer.
    const QString roles = spec().operation(u"GET", u"/v1beta2/roles")->responses.value(200);
    EXPECT_TRUE(roles.startsWith("#/paths/~1v1beta2~1roles/get/responses/200")) << roles.toStdString();
    EXPECT_TRUE(spec().validateJson(R"(["admin","read_only"])", roles).isEmpty());
    EXPECT_EQ(check("[\"admin\",1]", roles), QStringList{"$[1]: expected string, got integer"});
}

TEST(SchemaValidator, EveryOperationsSchemasResolve)
{
    for (const OperationSchemas &op : spec().operations()) {
        if (!op.request.isEmpty()) {
            EXPECT_TRUE(spec().hasSchema(op.request)) << op.method.toStdString() << op.pathTemplate.toStdString();
        }
        for (const QString &ref : op.responses) {
            if (!ref.isEmpty()) {
                EXPECT_TRUE(spec().hasSchema(ref)) << ref.toStdString();
            }
        }
    }
}

TEST(SchemaValidator, RequestAndResponseBodiesByUrl)
{
    const QString create = R"({"name":"iot","columns":[{"name":"speed","type":"float32"}]})";
    EXPECT_TRUE(spec().validateRequest(u"POST", u"/default/api/v1beta2/streams", create.toUtf8()).isEmpty());
    EXPECT_EQ(messages(spec().validateRequest(u"POST", u"/default/api/v1beta2/streams", R"({"columns":[]})")),
              QStringList{"$.name: required property is missing"});
    EXPECT_EQ(messages(spec().validateRequest(u"POST", u"/default/api/v1beta2/streams", "")),
              QStringList{"$: a request body is required"});
    EXPECT_TRUE(spec().validateRequest(u"DELETE", u"/api/v1beta2/streams/iot", "").isEmpty());
    EXPECT_EQ(messages(spec().validateRequest(u"DELETE", u"/api/v1beta2/streams/iot", "{}")),
              QStringList{"$: the operation takes no body"});
    EXPECT_EQ(messages(spec().validateRequest(u"PUT", u"/api/v1beta2/streams", "{}")),
              QStringList{"$: no operation PUT /api/v1beta2/streams in the API"});

    EXPECT_TRUE(spec().validateResponse(u"POST", u"/v1beta2/streams", 400,
                                        R"({"code":57,"message":"stream 'iot' exists","system":"proton"})").isEmpty());
    EXPECT_TRUE(spec().validateResponse(u"GET", u"/v1beta2/streams", 200, "[]").isEmpty());
    EXPECT_TRUE(messages(spec().validateResponse(u"GET", u"/v1beta2/streams", 200, "[{\"name\":1}]"))
                    .contains("$[0].name: expected string, got integer"));
    EXPECT_TRUE(spec().validateResponse(u"DELETE", u"/v1beta2/streams/iot", 204, "").isEmpty());
    EXPECT_EQ(messages(spec().validateResponse(u"GET", u"/v1beta2/streams", 418, "")),
              QStringList{"$: status 418 is not declared for GET /v1beta2/streams"});
}

TEST(SchemaValidator, MatchPath)
{
    EXPECT_EQ(spec().matchPath(u"/v1beta2/streams"), "/v1beta2/streams");
    EXPECT_EQ(spec().matchPath(u"/default/api/v1beta2/streams/iot/ingest?format=lines"), "/v1beta2/streams/{name}/ingest");
    EXPECT_EQ(spec().matchPath(u"/api/v1beta2/streams/iot/"), "/v1beta2/streams/{name}");
    EXPECT_EQ(spec().matchPath(u"/ws123456/api/v1beta2/external_streams/preview"), "/v1beta2/external_streams/preview");
    EXPECT_EQ(spec().matchPath(u"/v1beta2/external_streams/kafka1"), "/v1beta2/external_streams/{name}");
    EXPECT_FALSE(spec().matchPath(u"/v1beta2/nothing/here").has_value());
}

TEST(SchemaValidator, ErrorsCarryJsonPaths)
{
    const QByteArray body = R"({"name":"iot","mode":"append","logstore_retention_ms":1.5,
        "columns":[{"name":"a","type":"int64"},{"name":"b","type":"string"},{"name":"c","type":7},{"type":"bool"}]})";
    EXPECT_EQ(check(body, u"StreamDef"), (QStringList{"$.columns[2].type: expected string, got integer",
                                                      "$.columns[3].name: required property is missing",
                                                      "$.logstore_retention_ms: expected integer, got number"}));
    EXPECT_EQ(check(R"({"name":"s","mode":"upsert"})", u"StreamDef"),
              QStringList{"$.mode: 'upsert' is not one of 'append', 'changelog', 'changelog_kv', 'versioned_kv'"});
    EXPECT_EQ(check("[1]", u"StreamDef"), QStringList{"$: expected object, got array"});
    EXPECT_EQ(check("{\"a\":", u"StreamDef").size(), 1);
    EXPECT_EQ(check("{}", u"NoSuchSchema"), QStringList{"$: unknown schema 'NoSuchSchema'"});
    EXPECT_EQ(check(R"({"x y":{"active":1}})", u"Query").contains("$['x y']: unknown property"), false);
}

TEST(SchemaValidator, IntegerVersusNumber)
{
    EXPECT_TRUE(check(R"({"count":100,"time_ms":1e2})", u"BatchingPolicy").isEmpty());
    EXPECT_EQ(check(R"({"count":"100"})", u"BatchingPolicy"), QStringList{"$.count: expected integer, got string"});
    EXPECT_TRUE(check(R"({"logstore_retention_bytes":9223372036854775807,"name":"s"})", u"StreamDef").isEmpty());
    // A `number` property takes integers and fractions alike.
    EXPECT_TRUE(check(R"({"read_bps":1,"read_eps":0.5})", u"MaterializedViewStats").isEmpty())
        << show(check(R"({"read_bps":1,"read_eps":0.5})", u"MaterializedViewStats"));
}

TEST(SchemaValidator, AdditionalPropertiesAndArrays)
{
    QJsonObject q = sampleQuery();
    q["sinks"] = QJsonObject{{"s1", QJsonObject{{"success_count", "many"}}}};
    const QStringList errors = messages(spec().validate(q, u"Query"));
    ASSERT_FALSE(errors.isEmpty());
    EXPECT_TRUE(errors.first().startsWith("$.sinks.s1.")) << show(errors);
    EXPECT_EQ(check(R"([{"name":"a","type":"int8"},{"name":1}])", u"Column[]"),
              (QStringList{"$[1].type: required property is missing", "$[1].name: expected string, got integer"}));
    EXPECT_EQ(check("{}", u"Column[]"), QStringList{"$: expected array, got object"});
}

TEST(SchemaValidator, StrictAndLenientOptions)
{
    SchemaValidationOptions strict;
    strict.rejectUnknownProperties = true;
    EXPECT_EQ(check(R"({"sql":"select 1","sqll":"x"})", u"CreateQueryRequestV1Beta2", strict),
              QStringList{"$.sqll: unknown property"});
    EXPECT_TRUE(check(R"({"sql":"select 1","sqll":"x"})", u"CreateQueryRequestV1Beta2").isEmpty());
    // Free-form maps (additionalProperties: {}) stay open even in strict mode.
    EXPECT_TRUE(check(R"({"name":"s","type":"http","query":"q","properties":{"url":"x","any":[1]}})", u"CreateSinkRequest", strict).isEmpty());

    QJsonObject q = sampleQuery();
    q["tags"] = QJsonValue::Null; // as the java-demo sample shows
    EXPECT_EQ(messages(spec().validate(q, u"Query")), QStringList{"$.tags: expected array, got null"});
    SchemaValidationOptions lenient;
    lenient.allowNullForOptional = true;
    EXPECT_TRUE(spec().validate(q, u"Query", lenient).isEmpty());
    q["sql"] = QJsonValue::Null; // required: null stays an error
    EXPECT_EQ(messages(spec().validate(q, u"Query", lenient)), QStringList{"$.sql: expected string, got null"});
}

TEST(SchemaValidator, ExampleBodiesOfTheReferenceValidate)
{
    // rest-api-v1beta2.md §3.1, go-client's zero batching policy, §1.3/§4.1, §4 compact and
    // streaming (each line is an Event), §3.3's first query event completed as the server sends it.
    EXPECT_TRUE(check(R"({"sql": "select * from iot", "batching_policy": {"count": 100, "time_ms": 100}, "name": "", "description": "", "tags": []})",
                      u"CreateQueryRequestV1Beta2").isEmpty());
    EXPECT_TRUE(check(R"({"sql":"select 1","batching_policy":{}})", u"CreateQueryRequestV1Beta2").isEmpty());
    EXPECT_TRUE(check(R"({"code": 57, "message": "stream 'iot' exists", "system": "proton"})", u"ErrorResponse").isEmpty());
    EXPECT_EQ(check(R"({"code": 57, "message": "x", "system": "timeplusd"})", u"ErrorResponse").size(), 1);
    EXPECT_TRUE(check(R"({"columns":["key1","key2"],"data":[["value11","value12"],["value21","value22"]]})", u"IngestData").isEmpty());
    EXPECT_TRUE(check(R"({"key1":"value11","key2":"value12"})", u"Event").isEmpty());
    EXPECT_TRUE(spec().validate(sampleQuery(), u"Query").isEmpty()) << show(messages(spec().validate(sampleQuery(), u"Query")));
    EXPECT_TRUE(check(R"({"nodes":[{"id":1,"name":"Source","status":"running","metric":{"processed_bytes":10,"processing_time_ns":5}}],
                          "edges":[{"from":1,"to":2}]})", u"QueryPipeline").isEmpty());
    EXPECT_TRUE(check(R"({"sql":"select 1"})", u"FormatQueryRequest").isEmpty());
}

TEST(SchemaValidator, JavaDemoQuirksPassTheLenientReader)
{
    // §3.3 "Observed quirks in a real Query payload": tags null, result.data null, sinks {},
    // name "", end_time 0 while running.
    QJsonObject q = sampleQuery();
    q["tags"] = QJsonValue::Null;
    QJsonObject result = q["result"].toObject();
    result["data"] = QJsonValue::Null;
    q["result"] = result;
    q["sinks"] = QJsonObject();
    q["name"] = "";
    q["end_time"] = 0;
    SchemaValidationOptions lenient;
    lenient.allowNullForOptional = true;
    EXPECT_TRUE(spec().validate(q, u"Query", lenient).isEmpty()) << show(messages(spec().validate(q, u"Query", lenient)));
    SchemaValidationOptions strict;
    strict.rejectUnknownProperties = true;
    EXPECT_EQ(messages(spec().validate(q, u"Query", strict)),
              (QStringList{"$.result.data: unknown property", "$.tags: expected array, got null"}));
}

TEST(SchemaValidator, PropertyExamplesOfTheSpecValidate)
{
    QFile file(QStringLiteral(":/tideline/api/openapi-v1beta2.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject schemas = QJsonDocument::fromJson(file.readAll()).object()["components"].toObject()["schemas"].toObject();
    int checked = 0;
    for (auto it = schemas.begin(); it != schemas.end(); ++it) {
        QJsonObject example;
        const QJsonObject properties = it.value().toObject()["properties"].toObject();
        for (auto p = properties.begin(); p != properties.end(); ++p)
            if (p.value().toObject().contains("example"))
                example[p.key()] = p.value().toObject()["example"];
        for (const SchemaError &e : spec().validate(example, it.key())) {
            if (e.message != "required property is missing") {
                ADD_FAILURE() << it.key().toStdString() << ": " << e.toString().toStdString();
            }
        }
        checked += int(example.size());
    }
    EXPECT_GT(checked, 150);
}

TEST(SchemaValidator, CombinatorsNullableAndClosedObjects)
{
    const QJsonObject doc = QJsonDocument::fromJson(R"({"openapi":"3.0.0","paths":{},"components":{"schemas":{
        "Base":{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}},
        "Named":{"allOf":[{"$ref":"#/components/schemas/Base"},{"type":"object","required":["name"],"properties":{"name":{"type":"string","nullable":true}}}]},
        "IdOrName":{"oneOf":[{"type":"integer"},{"type":"string"}]},
        "Num":{"anyOf":[{"type":"integer"},{"type":"string","enum":["inf","-inf","nan"]}]},
        "Closed":{"type":"object","properties":{"a":{"type":"boolean"}},"additionalProperties":false},
        "Tree":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/components/schemas/Tree"}}}}
    }}})").object();
    const SchemaValidator v(doc);
    ASSERT_TRUE(v.loadErrors().isEmpty()) << show(v.loadErrors());
    auto errs = [&](QByteArrayView json, QStringView schema) { return messages(v.validateJson(json, schema)); };
    EXPECT_TRUE(errs(R"({"id":1,"name":null})", u"Named").isEmpty());
    EXPECT_EQ(errs(R"({"name":"x"})", u"Named"), QStringList{"$.id: required property is missing"});
    EXPECT_TRUE(errs("7", u"IdOrName").isEmpty());
    EXPECT_EQ(errs("true", u"IdOrName"), QStringList{"$: matches 0 of the oneOf schemas, expected exactly 1"});
    EXPECT_TRUE(errs(R"("nan")", u"Num").isEmpty());
    EXPECT_EQ(errs(R"("nope")", u"Num"), QStringList{"$: matches none of the anyOf schemas"});
    EXPECT_EQ(errs(R"({"a":true,"b":1})", u"Closed"), QStringList{"$.b: unknown property"});
    EXPECT_EQ(errs(R"({"children":[{"children":[{"children":3}]}]})", u"Tree"),
              QStringList{"$.children[0].children[0].children: expected array, got integer"});

    const SchemaValidator broken(QJsonDocument::fromJson(R"({"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"}}}})").object());
    EXPECT_EQ(broken.loadErrors().size(), 1);
    EXPECT_FALSE(SchemaValidator(QJsonObject()).loadErrors().isEmpty());
    EXPECT_FALSE(SchemaValidator::fromFile(QStringLiteral("/nonexistent.json")).has_value());
}

TEST(SchemaValidator, ErrorCountIsCapped)
{
    QJsonArray many;
    for (int i = 0; i < 1000; ++i)
        many.append(QJsonObject{{"name", i}});
    SchemaValidationOptions options;
    options.maxErrors = 10;
    EXPECT_EQ(spec().validate(many, u"Column[]", options).size(), 10);
}

TEST(SchemaValidator, ThousandsOfQueriesInOneArrayAreValid)
{
    QJsonArray queries;
    for (int i = 0; i < 2000; ++i)
        queries.append(sampleQuery());
    EXPECT_TRUE(spec().validate(queries, u"Query[]").isEmpty());
    queries.append(QJsonObject{{QStringLiteral("id"), 7}}); // one bad element among them is found
    EXPECT_FALSE(spec().validate(queries, u"Query[]").isEmpty());
}
