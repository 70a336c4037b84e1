#pragma once
// New stream / edit stream: every field of the API's StreamDef. Name, description, storage
// mode (append, changelog, changelog_kv, versioned_kv), engine (Stream or MutableStream), the
// columns (name, type, default, codec, TTL, skipping index) in an editable table, primary key
// (required by the keyed modes and mutable streams), event time column and its time zone, TTL
// expression, retention by size and by time, ORDER BY / granularities, shards, replication
// factor, and for mutable streams column families and secondary indexes (JSON).
// Editing an existing stream sends UpdateStreamRequest: the API changes only its description,
// TTL and retention, so the other fields are shown read-only.
#include "ui/forms/ResourceForm.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableView;

namespace tideline::models {
class ColumnListModel;
}

namespace tideline::ui::forms {

class StreamForm : public ResourceForm {
    Q_OBJECT
public:
    // An empty `stream` makes a new one; else a Stream object as GET /streams/{name} answers it.
    StreamForm(client::WorkspaceClient *client, const QJsonObject &stream, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    models::ColumnListModel *columns() const { return m_columns; }
    QTableView *columnTable() const { return m_table; }
    static QStringList commonTypes();

protected:
    QJsonObject updateBody() const override;
    QString fieldForServerError(const QString &message) const override;

private:
    QWidget *createColumns();
    void createStorage(const QJsonObject &stream);
    void createAdvanced(const QJsonObject &stream);
    void modeChanged();
    void retentionInto(QJsonObject &body) const;

    models::ColumnListModel *m_columns;
    QTableView *m_table = nullptr;
    QLineEdit *m_name = nullptr, *m_description = nullptr, *m_primaryKey = nullptr, *m_eventTime = nullptr;
    QLineEdit *m_timezone = nullptr, *m_ttl = nullptr, *m_orderBy = nullptr, *m_orderGranularity = nullptr;
    QLineEdit *m_partitionGranularity = nullptr;
    QComboBox *m_mode = nullptr, *m_engine = nullptr;
    QSpinBox *m_retentionMiB = nullptr, *m_retentionHours = nullptr, *m_shards = nullptr, *m_replication = nullptr;
    QPlainTextEdit *m_families = nullptr, *m_indexes = nullptr;
};

} // namespace tideline::ui::forms
