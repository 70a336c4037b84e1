#include "api/SchemaValidator.h"

#include "api/SchemaNode.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <deque>

namespace tideline::api {

using detail::SchemaNode;

namespace {

const QLatin1String kComponentPrefix("#/components/schemas/");
const char *const kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options"};

QString pointerEscape(QString token)
{
    return token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

struct PathTemplate
{
    QString text;
    QStringList segments;
    int literals = 0;
};

QStringList pathSegments(QStringView path)
{
    QStringList out;
    for (QStringView s : path.split(u'/', Qt::SkipEmptyParts))
        out << s.toString();
    return out;
}

} // namespace

struct SchemaValidator::Private
{
    std::deque<SchemaNode> nodes; // a deque: nodes point at each other, so they must not move
    QHash<QString, const SchemaNode *> named;
    QStringList componentNames;
    QMap<QString, OperationSchemas> operations; // "POST /v1beta2/streams"
    QList<PathTemplate> templates;
    QStringList errors;

    void load(const QJsonObject &document);
    void fill(SchemaNode &node, const QJsonObject &schema, const QString &where);
    const SchemaNode *compile(const QJsonValue &schema, const QString &where);
    quint8 parseTypes(const QJsonValue &type, const QString &where);
    void loadOperations(const QJsonObject &paths);
    QString bodyReference(const QJsonObject &content, const QString &pointer);
    const SchemaNode *lookup(QStringView reference, bool *arrayOf) const;
};

void SchemaValidator::Private::load(const QJsonObject &document)
{
    const QJsonObject schemas = document.value(QLatin1String("components")).toObject()
                                    .value(QLatin1String("schemas")).toObject();
    if (schemas.isEmpty() && !document.contains(QLatin1String("paths"))) {
        errors << QStringLiteral("not an OpenAPI document: no components.schemas and no paths");
        return;
    }
    // Placeholders first, so that a $ref may point at a component compiled later (or itself).
    for (auto it = schemas.begin(); it != schemas.end(); ++it) {
        named.insert(it.key(), &nodes.emplace_back());
        componentNames << it.key();
    }
    for (auto it = schemas.begin(); it != schemas.end(); ++it)
        fill(*const_cast<SchemaNode *>(named.value(it.key())), it.value().toObject(), kComponentPrefix + it.key());
    loadOperations(document.value(QLatin1String("paths")).toObject());
}

const SchemaNode *SchemaValidator::Private::compile(const QJsonValue &schema, const QString &where)
{
    SchemaNode &node = nodes.emplace_back();
    if (!schema.isObject())
        errors << QStringLiteral("%1: a schema must be an object").arg(where);
    else
        fill(node, schema.toObject(), where);
    return &node;
}

quint8 SchemaValidator::Private::parseTypes(const QJsonValue &type, const QString &where)
{
    static const QHash<QString, quint8> bits{
        {QStringLiteral("object"), detail::TypeObject}, {QStringLiteral("array"), detail::TypeArray},
        {QStringLiteral("string"), detail::TypeString}, {QStringLiteral("integer"), detail::TypeInteger},
        {QStringLiteral("number"), detail::TypeNumber | detail::TypeInteger},
        {QStringLiteral("boolean"), detail::TypeBoolean}, {QStringLiteral("null"), detail::TypeNull}};
    const QJsonArray names = type.isArray() ? type.toArray() : QJsonArray{type};
    quint8 out = 0;
    for (const QJsonValue &name : names) {
        const quint8 bit = bits.value(name.toString());
        if (!bit)
            errors << QStringLiteral("%1: unknown type %2").arg(where, name.toString());
        out |= bit;
    }
    return out;
}

void SchemaValidator::Private::fill(SchemaNode &node, const QJsonObject &schema, const QString &where)
{
    if (schema.contains(QLatin1String("$ref"))) {
        const QString ref = schema.value(QLatin1String("$ref")).toString();
        node.ref = ref.startsWith(kComponentPrefix) ? named.value(ref.mid(kComponentPrefix.size())) : nullptr;
        if (!node.ref)
            errors << QStringLiteral("%1: unresolvable $ref '%2'").arg(where, ref);
        return;
    }
    if (schema.contains(QLatin1String("type")))
        node.types = parseTypes(schema.value(QLatin1String("type")), where);
    node.nullable = schema.value(QLatin1String("nullable")).toBool();
    for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray())
        node.required << name.toString();
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        node.properties.insert(it.key(), compile(it.value(), where + QLatin1String("/properties/") + pointerEscape(it.key())));
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    if (additional.isBool()) {
        node.additional = additional.toBool() ? SchemaNode::Additional::Allowed : SchemaNode::Additional::Forbidden;
    } else if (additional.isObject()) {
        const bool any = additional.toObject().isEmpty();
        node.additional = any ? SchemaNode::Additional::Allowed : SchemaNode::Additional::Schema;
        if (!any)
            node.additionalSchema = compile(additional, where + QLatin1String("/additionalProperties"));
    }
    if (schema.contains(QLatin1String("items")))
        node.items = compile(schema.value(QLatin1String("items")), where + QLatin1String("/items"));
    node.enumValues = schema.value(QLatin1String("enum")).toArray();
    const std::pair<const char *, QList<const SchemaNode *> SchemaNode::*> combinators[] = {
        {"allOf", &SchemaNode::allOf}, {"anyOf", &SchemaNode::anyOf}, {"oneOf", &SchemaNode::oneOf}};
    for (const auto &[keyword, member] : combinators) {
        const QJsonArray parts = schema.value(QLatin1String(keyword)).toArray();
        for (qsizetype i = 0; i < parts.size(); ++i)
            (node.*member).append(compile(parts.at(i), where + QLatin1Char('/') + QLatin1String(keyword) + QLatin1Char('/') + QString::number(i)));
    }
}

QString SchemaValidator::Private::bodyReference(const QJsonObject &content, const QString &pointer)
{
    QString type = QStringLiteral("application/json");
    if (!content.contains(type))
        type = content.contains(QLatin1String("*/*")) ? QStringLiteral("*/*") : content.keys().value(0);
    const QJsonObject schema = content.value(type).toObject().value(QLatin1String("schema")).toObject();
    if (type.isEmpty() || schema.isEmpty())
        return {};
    const QString ref = schema.value(QLatin1String("$ref")).toString();
    if (ref.startsWith(kComponentPrefix))
        return ref.mid(kComponentPrefix.size());
    const QString itemRef = schema.value(QLatin1String("items")).toObject().value(QLatin1String("$ref")).toString();
    if (schema.value(QLatin1String("type")) == QLatin1String("array") && itemRef.startsWith(kComponentPrefix))
        return itemRef.mid(kComponentPrefix.size()) + QLatin1String("[]");
    const QString inlinePointer = pointer + QLatin1String("/content/") + pointerEscape(type) + QLatin1String("/schema");
    named.insert(inlinePointer, compile(schema, inlinePointer));
    return inlinePointer;
}

void SchemaValidator::Private::loadOperations(const QJsonObject &paths)
{
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        const QJsonObject item = p.value().toObject();
        PathTemplate tmpl{p.key(), pathSegments(p.key())};
        tmpl.literals = int(std::count_if(tmpl.segments.begin(), tmpl.segments.end(),
                                          [](const QString &s) { return !s.startsWith(QLatin1Char('{')); }));
        templates.append(tmpl);
        for (const char *method : kMethods) {
            if (!item.contains(QLatin1String(method)))
                continue;
            const QJsonObject op = item.value(QLatin1String(method)).toObject();
            const QString pointer = QLatin1String("#/paths/") + pointerEscape(p.key()) + QLatin1Char('/') + QLatin1String(method);
            OperationSchemas schemas{QString::fromLatin1(method).toUpper(), p.key()};
            const QJsonObject body = op.value(QLatin1String("requestBody")).toObject();
            schemas.requestRequired = body.value(QLatin1String("required")).toBool();
            schemas.request = bodyReference(body.value(QLatin1String("content")).toObject(), pointer + QLatin1String("/requestBody"));
            const QJsonObject responses = op.value(QLatin1String("responses")).toObject();
            for (auto r = responses.begin(); r != responses.end(); ++r) {
                bool numeric = false;
                const int status = r.key().toInt(&numeric);
                if (numeric)
                    schemas.responses.insert(status, bodyReference(r.value().toObject().value(QLatin1String("content")).toObject(),
                                                                   pointer + QLatin1String("/responses/") + r.key()));
            }
            operations.insert(schemas.method + QLatin1Char(' ') + p.key(), schemas);
        }
    }
}

const SchemaNode *SchemaValidator::Private::lookup(QStringView reference, bool *arrayOf) const
{
    if (const SchemaNode *node = named.value(reference.toString())) {
        *arrayOf = false;
        return node;
    }
    *arrayOf = reference.endsWith(u"[]");
    QStringView base = *arrayOf ? reference.chopped(2) : reference;
    if (base.startsWith(kComponentPrefix))
        base = base.sliced(kComponentPrefix.size());
    return named.value(base.toString());
}

SchemaValidator::SchemaValidator(const QJsonObject &openApiDocument)
{
    auto p = std::make_shared<Private>();
    p->load(openApiDocument);
    d = std::move(p);
}

const SchemaValidator &SchemaValidator::embedded()
{
    static const SchemaValidator instance = [] {
        QString error;
        std::optional<SchemaValidator> v = fromFile(QStringLiteral(":/tideline/api/openapi-v1beta2.json"), &error);
        if (v)
            return *v;
        SchemaValidator empty{QJsonObject()};
        std::const_pointer_cast<Private>(empty.d)->errors.prepend(error);
        return empty;
    }();
    return instance;
}

std::optional<SchemaValidator> SchemaValidator::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not a JSON object: %2").arg(path, parseError.errorString());
        return std::nullopt;
    }
    return SchemaValidator(doc.object());
}

QStringList SchemaValidator::loadErrors() const
{
    return d->errors;
}

bool SchemaValidator::hasSchema(QStringView reference) const
{
    bool arrayOf = false;
    return d->lookup(reference, &arrayOf) != nullptr;
}

QStringList SchemaValidator::schemaNames() const
{
    return d->componentNames;
}

QList<SchemaError> SchemaValidator::validate(const QJsonValue &value, QStringView reference, const Options &options) const
{
    bool arrayOf = false;
    const SchemaNode *node = d->lookup(reference, &arrayOf);
    if (!node)
        return {SchemaError{QStringLiteral("$"), QStringLiteral("unknown schema '%1'").arg(reference)}};
    detail::SchemaCheck check{options, {}};
    QString path = QStringLiteral("$");
    if (!arrayOf) {
        check.check(node, value, path);
    } else if (!value.isArray()) {
        check.fail(path, QStringLiteral("expected array, got %1").arg(value.isObject() ? QStringLiteral("object") : QStringLiteral("scalar")));
    } else {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size() && !check.full(); ++i) {
            path = QStringLiteral("$[%1]").arg(i);
            check.check(node, array.at(i), path);
        }
    }
    return check.errors;
}

QList<SchemaError> SchemaValidator::validateJson(QByteArrayView json, QStringView reference, const Options &options) const
{
    QJsonParseError parseError;
    // QJsonDocument only takes arrays and objects at the top; wrapping accepts any value.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json.toByteArray() + "\n]", &parseError);
    if (parseError.error != QJsonParseError::NoError || doc.array().size() != 1)
        return {SchemaError{QStringLiteral("$"), QStringLiteral("not valid JSON: %1").arg(
                    parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not exactly one JSON value"))}};
    return validate(doc.array().at(0), reference, options);
}

namespace {

QList<SchemaError> rootError(const QString &message)
{
    return {SchemaError{QStringLiteral("$"), message}};
}

} // namespace

QList<SchemaError> SchemaValidator::validateRequest(QStringView method, QStringView requestPath, QByteArrayView body,
                                                    const Options &options) const
{
    const std::optional<QString> tmpl = matchPath(requestPath);
    const std::optional<OperationSchemas> op = tmpl ? operation(method, *tmpl) : std::nullopt;
    if (!op)
        return rootError(QStringLiteral("no operation %1 %2 in the API").arg(method.toString().toUpper(), requestPath));
    if (op->request.isEmpty())
        return body.trimmed().isEmpty() ? QList<SchemaError>() : rootError(QStringLiteral("the operation takes no body"));
    if (body.trimmed().isEmpty())
        return op->requestRequired ? rootError(QStringLiteral("a request body is required")) : QList<SchemaError>();
    return validateJson(body, op->request, options);
}

QList<SchemaError> SchemaValidator::validateResponse(QStringView method, QStringView requestPath, int status,
                                                     QByteArrayView body, const Options &options) const
{
    const std::optional<QString> tmpl = matchPath(requestPath);
    const std::optional<OperationSchemas> op = tmpl ? operation(method, *tmpl) : std::nullopt;
    if (!op)
        return rootError(QStringLiteral("no operation %1 %2 in the API").arg(method.toString().toUpper(), requestPath));
    const auto it = op->responses.constFind(status);
    if (it == op->responses.constEnd())
        return rootError(QStringLiteral("status %1 is not declared for %2 %3").arg(status).arg(op->method, op->pathTemplate));
    if (it->isEmpty())
        return body.trimmed().isEmpty() ? QList<SchemaError>() : rootError(QStringLiteral("status %1 declares no body").arg(status));
    return validateJson(body, *it, options);
}

std::optional<OperationSchemas> SchemaValidator::operation(QStringView method, QStringView pathTemplate) const
{
    const auto it = d->operations.constFind(method.toString().toUpper() + QLatin1Char(' ') + pathTemplate.toString());
    if (it == d->operations.constEnd())
        return std::nullopt;
    return *it;
}

QList<OperationSchemas> SchemaValidator::operations() const
{
    return d->operations.values();
}

std::optional<QString> SchemaValidator::matchPath(QStringView requestPath) const
{
    QStringView path = requestPath;
    if (const qsizetype query = path.indexOf(u'?'); query >= 0)
        path.truncate(query);
    if (const qsizetype version = path.indexOf(u"/v1beta2/"); version > 0)
        path = path.sliced(version);
    const QStringList segments = pathSegments(path);
    const PathTemplate *best = nullptr;
    for (const PathTemplate &t : d->templates) {
        if (t.segments.size() != segments.size() || (best && best->literals >= t.literals))
            continue;
        bool match = true;
        for (qsizetype i = 0; i < segments.size() && match; ++i)
            match = t.segments[i].startsWith(QLatin1Char('{')) || t.segments[i] == segments[i];
        if (match)
            best = &t;
    }
    if (!best)
        return std::nullopt;
    return best->text;
}

} // namespace tideline::api
