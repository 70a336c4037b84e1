#include "models/SourcePreviewModel.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace tideline::models {

namespace {
const QString kName = QStringLiteral("name");
const QString kType = QStringLiteral("type");

bool isNumeric(const QString &type)
{
    return type.startsWith(QLatin1String("int")) || type.startsWith(QLatin1String("uint")) || type.startsWith(QLatin1String("float"))
           || type.startsWith(QLatin1String("decimal")) || type.startsWith(QLatin1String("nullable(int"))
           || type.startsWith(QLatin1String("nullable(float"));
}
} // namespace

SourcePreviewModel::SourcePreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

void SourcePreviewModel::set(const QJsonArray &events, const QJsonArray &columns)
{
    beginResetModel();
    m_events = events;
    m_columns = columns;
    if (m_columns.isEmpty()) { // no inference (an older server): every key of the samples, as text
        QStringList seen;
        for (const QJsonValue &e : events)
            for (const QString &key : e.toObject().keys())
                if (!seen.contains(key)) {
                    seen << key;
                    m_columns.append(QJsonObject{{kName, key}, {kType, QStringLiteral("string")}});
                }
    }
    endResetModel();
}

void SourcePreviewModel::clear()
{
    set({}, {});
}

QString SourcePreviewModel::columnName(int column) const
{
    return m_columns.at(column).toObject().value(kName).toString();
}

QString SourcePreviewModel::columnType(int column) const
{
    return m_columns.at(column).toObject().value(kType).toString();
}

QString SourcePreviewModel::cellText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) && std::abs(d) < 9e15 ? QString::number(qint64(d)) : QString::number(d, 'g', 15);
    }
    case QJsonValue::String: return value.toString();
    case QJsonValue::Null: return QStringLiteral("NULL");
    default: return {};
    }
}

int SourcePreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int SourcePreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SourcePreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size() || index.column() >= m_columns.size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return cellText(m_events.at(index.row()).toObject().value(columnName(index.column())));
    case Qt::TextAlignmentRole: // numbers right-aligned (WORKBENCH.md principle 7)
        return isNumeric(columnType(index.column())) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case TypeRole: return columnType(index.column());
    default: return {};
    }
}

QVariant SourcePreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section < 0 || section >= m_columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return QStringLiteral("%1\n%2").arg(columnName(section), columnType(section));
    if (role == Qt::ToolTipRole)
        return tr("%1: inferred as %2").arg(columnName(section), columnType(section));
    if (role == TypeRole)
        return columnType(section);
    return {};
}

} // namespace tideline::models
