#pragma once
// New Kafka external stream (ExternalStreamDef, POST /external_streams = CREATE EXTERNAL STREAM
// … SETTINGS type='kafka', …): brokers, topic, data_format, for ProtobufSingle the format
// schema (a picker fed by /schemas) and its message, security (protocol, SASL mechanism, user,
// password), the columns ("name type, …"; none: one `raw string`). Preview posts the settings
// to /external_streams/preview and shows the events in a grid, or the server's refusal with its
// code (a server without the Kafka connector answers 48). External streams cannot be changed
// (the API has no update): an existing one opens read-only.
#include <QJsonArray>
#include "ui/forms/ResourceForm.h"

class QComboBox;
class QLineEdit;
class QTableView;

namespace tideline::models {
class SourcePreviewModel;
}

namespace tideline::ui::forms {

class ExternalStreamForm : public ResourceForm {
    Q_OBJECT
public:
    ExternalStreamForm(client::WorkspaceClient *client, const QJsonObject &stream, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    QJsonArray settings() const;
    static QStringList dataFormats();
    // The preview grid's columns: the declared ones in their order and types, then other keys of
    // the samples (a message not in the format comes as `raw`), then the virtual _tp_* columns.
    static QJsonArray previewColumns(const QJsonArray &declared, const QJsonArray &events);
    void preview();
    QString previewStatus() const;
    models::SourcePreviewModel *previewModel() const { return m_preview; }
    QStringList schemaNames() const;

Q_SIGNALS:
    void previewFinished(bool ok);
    void schemasLoaded();

protected:
    QString fieldForServerError(const QString &message) const override;

private:
    void formatChanged();
    void loadSchemas(const QString &current);
    QWidget *createPreview();

    QLineEdit *m_name, *m_description, *m_brokers, *m_topic, *m_message, *m_user, *m_password, *m_columns;
    QComboBox *m_format, *m_schema, *m_protocol, *m_mechanism;
    models::SourcePreviewModel *m_preview;
    QTableView *m_previewTable = nullptr;
    QLabel *m_previewStatus = nullptr;
    QPushButton *m_previewButton = nullptr;
    quint64 m_previewRequest = 0;
};

} // namespace tideline::ui::forms
