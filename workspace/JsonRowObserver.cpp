#include "workspace/JsonRowObserver.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tideline::workspace {

void JsonRowObserver::started(const QueryRun &run)
{
    m_names.clear();
    for (const auto &name : run.names())
        m_names << QString::fromStdString(name);
}

bool JsonRowObserver::rows(const engine::Block &block, size_t from, size_t count)
{
    m_json.clear();
    m_encoder.encodeRows(block, from, count, m_json);
    // QJsonValue keeps qint64 exactly, so int64 columns survive the trip.
    QJsonArray arrays = QJsonDocument::fromJson(QByteArray::fromRawData(m_json.data(), static_cast<qsizetype>(m_json.size()))).array();
    QJsonArray objects;
    for (const auto &row : arrays) {
        QJsonObject object;
        QJsonArray cells = row.toArray();
        for (qsizetype c = 0; c < cells.size() && c < m_names.size(); ++c)
            object.insert(m_names[c], cells[c]);
        objects.append(object);
    }
    return m_rowsFn(objects);
}

void JsonRowObserver::finished(const QueryRun &run)
{
    if (m_ended)
        m_ended(run);
}

} // namespace tideline::workspace
