#pragma once

// Internal to api/: the compiled form of one OpenAPI schema and the check that walks it.

#include "api/SchemaValidator.h"

#include <QHash>
#include <QJsonArray>

namespace tideline::api::detail {

enum SchemaType : quint8 {
    TypeObject = 1,
    TypeArray = 2,
    TypeString = 4,
    TypeInteger = 8,
    TypeNumber = 16,
    TypeBoolean = 32,
    TypeNull = 64,
};

struct SchemaNode
{
    enum class Additional : quint8 { Unspecified, Allowed, Forbidden, Schema };

    const SchemaNode *ref = nullptr; // $ref: everything else is ignored, as OpenAPI 3.0 says
    quint8 types = 0;                // SchemaType bits; 0 = any type
    bool nullable = false;
    QStringList required;
    QHash<QString, const SchemaNode *> properties;
    Additional additional = Additional::Unspecified;
    const SchemaNode *additionalSchema = nullptr;
    const SchemaNode *items = nullptr;
    QJsonArray enumValues;
    QList<const SchemaNode *> allOf;
    QList<const SchemaNode *> anyOf;
    QList<const SchemaNode *> oneOf;
};

struct SchemaCheck
{
    const SchemaValidationOptions &options;
    QList<SchemaError> errors;

    bool full() const { return errors.size() >= options.maxErrors; }
    void fail(const QString &path, QString message);
    void check(const SchemaNode *node, const QJsonValue &value, QString &path);

private:
    void checkObject(const SchemaNode *node, const QJsonObject &object, QString &path);
    void checkArray(const SchemaNode *node, const QJsonArray &array, QString &path);
    void checkCombinators(const SchemaNode *node, const QJsonValue &value, QString &path);
    int errorsUnder(const SchemaNode *node, const QJsonValue &value, const QString &path) const;
};

void appendPathKey(QString &path, const QString &key);
QString typeNames(quint8 types);

} // namespace tideline::api::detail
