#include "api/SchemaNode.h"

#include <QJsonObject>

#include <cmath>

namespace tideline::api::detail {

namespace {

quint8 typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object: return TypeObject;
    case QJsonValue::Array: return TypeArray;
    case QJsonValue::String: return TypeString;
    case QJsonValue::Bool: return TypeBoolean;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return std::isfinite(d) && std::trunc(d) == d ? quint8(TypeNumber | TypeInteger) : quint8(TypeNumber);
    }
    default: return TypeNull;
    }
}

QString actualName(const QJsonValue &v)
{
    switch (typeOf(v)) {
    case TypeObject: return QStringLiteral("object");
    case TypeArray: return QStringLiteral("array");
    case TypeString: return QStringLiteral("string");
    case TypeBoolean: return QStringLiteral("boolean");
    case TypeNull: return QStringLiteral("null");
    case TypeNumber: return QStringLiteral("number");
    default: return QStringLiteral("integer");
    }
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (QChar c : key)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    return true;
}

QString shortText(const QJsonValue &v)
{
    QString text = v.isString() ? QLatin1Char('\'') + v.toString() + QLatin1Char('\'') : v.toVariant().toString();
    if (text.size() > 60)
        text = text.left(57) + QLatin1String("...");
    return text;
}

} // namespace

void appendPathKey(QString &path, const QString &key)
{
    if (isIdentifier(key)) {
        path += QLatin1Char('.') + key;
        return;
    }
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
    path += QLatin1String("['") + escaped + QLatin1String("']");
}

QString typeNames(quint8 types)
{
    static const std::pair<quint8, const char *> names[] = {
        {TypeObject, "object"}, {TypeArray, "array"}, {TypeString, "string"}, {TypeInteger, "integer"},
        {TypeNumber, "number"}, {TypeBoolean, "boolean"}, {TypeNull, "null"}};
    QStringList out;
    for (const auto &[bit, name] : names)
        if (types & bit)
            out << QLatin1String(name);
    return out.join(QLatin1String(" or "));
}

void SchemaCheck::fail(const QString &path, QString message)
{
    if (!full())
        errors.append(SchemaError{path, std::move(message)});
}

void SchemaCheck::check(const SchemaNode *node, const QJsonValue &value, QString &path)
{
    while (node->ref)
        node = node->ref;
    if (full())
        return;
    const quint8 actual = typeOf(value);
    if (actual == TypeNull && node->nullable)
        return;
    if (node->types && !(node->types & actual)) {
        fail(path, QStringLiteral("expected %1, got %2").arg(typeNames(node->types), actualName(value)));
        return;
    }
    if (!node->enumValues.isEmpty() && !node->enumValues.contains(value)) {
        QStringList allowed;
        for (const QJsonValue &e : node->enumValues)
            allowed << shortText(e);
        fail(path, QStringLiteral("%1 is not one of %2").arg(shortText(value), allowed.join(QLatin1String(", "))));
    }
    if (actual == TypeObject)
        checkObject(node, value.toObject(), path);
    else if (actual == TypeArray)
        checkArray(node, value.toArray(), path);
    checkCombinators(node, value, path);
}

void SchemaCheck::checkObject(const SchemaNode *node, const QJsonObject &object, QString &path)
{
    const qsizetype base = path.size();
    for (const QString &name : node->required) {
        if (object.contains(name))
            continue;
        appendPathKey(path, name);
        fail(path, QStringLiteral("required property is missing"));
        path.truncate(base);
    }
    for (auto it = object.begin(); it != object.end() && !full(); ++it) {
        const SchemaNode *child = node->properties.value(it.key());
        if (!child && node->additional == SchemaNode::Additional::Schema)
            child = node->additionalSchema;
        appendPathKey(path, it.key());
        if (child) {
            const bool optionalNull = it.value().isNull() && options.allowNullForOptional
                && !node->required.contains(it.key());
            if (!optionalNull)
                check(child, it.value(), path);
        } else if (node->additional == SchemaNode::Additional::Forbidden
                   || (node->additional == SchemaNode::Additional::Unspecified && options.rejectUnknownProperties)) {
            fail(path, QStringLiteral("unknown property"));
        }
        path.truncate(base);
    }
}

void SchemaCheck::checkArray(const SchemaNode *node, const QJsonArray &array, QString &path)
{
    if (!node->items)
        return;
    const qsizetype base = path.size();
    for (qsizetype i = 0; i < array.size() && !full(); ++i) {
        path += QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        check(node->items, array.at(i), path);
        path.truncate(base);
    }
}

int SchemaCheck::errorsUnder(const SchemaNode *node, const QJsonValue &value, const QString &path) const
{
    SchemaCheck sub{options, {}};
    QString p = path;
    sub.check(node, value, p);
    return int(sub.errors.size());
}

void SchemaCheck::checkCombinators(const SchemaNode *node, const QJsonValue &value, QString &path)
{
    for (const SchemaNode *part : node->allOf)
        check(part, value, path);
    if (!node->anyOf.isEmpty()) {
        const bool any = std::any_of(node->anyOf.begin(), node->anyOf.end(),
                                     [&](const SchemaNode *n) { return errorsUnder(n, value, path) == 0; });
        if (!any)
            fail(path, QStringLiteral("matches none of the anyOf schemas"));
    }
    if (!node->oneOf.isEmpty()) {
        const auto matches = std::count_if(node->oneOf.begin(), node->oneOf.end(),
                                           [&](const SchemaNode *n) { return errorsUnder(n, value, path) == 0; });
        if (matches != 1)
            fail(path, QStringLiteral("matches %1 of the oneOf schemas, expected exactly 1").arg(matches));
    }
}

} // namespace tideline::api::detail
