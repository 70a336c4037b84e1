#pragma once
// Column types of sample events, for a source's preview and POST /source/infer: what a stream
// created for these events should declare. JSON integers are int64, other numbers float64,
// booleans bool, strings that read as a date-time datetime64(3), other strings string, arrays
// array(<element>), nested objects string (stored as their JSON text). A column whose samples
// disagree widens: int64 with float64 is float64, anything else with a string is string; a column
// that is null in some sample is nullable.
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace tideline::workspace {

class EventTypeInference {
public:
    void add(const QJsonObject &event);
    // ColumnDef[]: [{"name", "type"}] in the order the columns were first seen.
    QJsonArray columns() const;

    static QString typeOf(const QJsonValue &value);
    static QString widen(const QString &a, const QString &b);

private:
    struct Column {
        QString name, type;
        bool nullable = false;
    };
    std::vector<Column> m_columns;
};

} // namespace tideline::workspace
