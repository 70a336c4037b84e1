#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tideline::api {

// One validation failure: a JSON path into the checked value and what is wrong there,
// e.g. {"$.columns[2].type", "expected string, got number"}.
struct SchemaError
{
    QString path;
    QString message;

    QString toString() const { return path + QLatin1String(": ") + message; }
    friend bool operator==(const SchemaError &, const SchemaError &) = default;
};

// The body schemas of one operation of the OpenAPI document. A schema reference is a component
// name ("Stream"), an array of one ("Stream[]"), or a JSON pointer into the document for the few
// inline schemas ("#/paths/~1v1beta2~1roles/get/responses/200/content/application~1json/schema").
// An empty reference means "no body".
struct OperationSchemas
{
    QString method;       // upper case
    QString pathTemplate; // "/v1beta2/streams/{name}"
    QString request;
    bool requestRequired = false;
    QMap<int, QString> responses; // status -> reference, preferring application/json content
};

struct SchemaValidationOptions
{
    // OpenAPI allows properties a schema does not list; contract tests turn this on to
    // catch misspelt fields in our own responses.
    bool rejectUnknownProperties = false;
    // Real servers send null for optional fields (`"tags": null`); a lenient reader accepts it.
    bool allowNullForOptional = false;
    int maxErrors = 100;
};

// Validates JSON values against the schemas of an OpenAPI 3.0 document (by default the embedded
// v1beta2 spec, resources/api/openapi-v1beta2.json). The document is parsed and compiled once;
// validation walks the compiled tree. Supported: $ref, type (integer vs number), nullable,
// required, properties, additionalProperties (bool or schema), items, enum, allOf/anyOf/oneOf.
// Annotations (format, example, description) are not checked. Copies share the compiled tree;
// a validator is immutable, so it may be used from any thread.
class SchemaValidator
{
public:
    using Options = SchemaValidationOptions;

    // The embedded v1beta2 document, loaded on first use.
    static const SchemaValidator &embedded();
    static std::optional<SchemaValidator> fromFile(const QString &path, QString *error = nullptr);
    explicit SchemaValidator(const QJsonObject &openApiDocument);

    // Problems found while compiling (an unresolvable $ref, a malformed schema); empty when fine.
    QStringList loadErrors() const;

    bool hasSchema(QStringView reference) const;
    QStringList schemaNames() const; // component names, sorted

    QList<SchemaError> validate(const QJsonValue &value, QStringView reference, const Options &options = {}) const;
    // Parses `json` first; a parse error is reported at "$".
    QList<SchemaError> validateJson(QByteArrayView json, QStringView reference, const Options &options = {}) const;

    // For the server and the contract tests: finds the operation of a concrete request path and
    // validates a body against its request schema, or against the response schema of `status`.
    // An unknown operation or undeclared status is an error at "$"; where the spec declares no
    // body, only an empty body passes. (Ingest declares IngestData: validate only compact bodies.)
    QList<SchemaError> validateRequest(QStringView method, QStringView requestPath, QByteArrayView body,
                                       const Options &options = {}) const;
    QList<SchemaError> validateResponse(QStringView method, QStringView requestPath, int status, QByteArrayView body,
                                        const Options &options = {}) const;

    std::optional<OperationSchemas> operation(QStringView method, QStringView pathTemplate) const;
    QList<OperationSchemas> operations() const;
    // The path template a concrete request path belongs to: "/default/api/v1beta2/streams/iot?x=1"
    // gives "/v1beta2/streams/{name}". Literal segments win over parameters (".../preview").
    std::optional<QString> matchPath(QStringView requestPath) const;

private:
    struct Private;
    std::shared_ptr<const Private> d;
};

} // namespace tideline::api
