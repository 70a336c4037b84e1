#pragma once
// New / edit a sink (CreateSinkRequest): name, description, type (http, slack,
// redpanda_connect), the query whose rows it sends, and the type's properties: URL, HTTP method,
// content type, payload template, headers (JSON), and any other property as a JSON object (kept
// as loaded). An edit is a PUT of the whole body, as the API wants.
#include "ui/forms/ResourceForm.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tideline::ui::forms {

class SinkForm : public ResourceForm {
    Q_OBJECT
public:
    SinkForm(client::WorkspaceClient *client, const QJsonObject &sink, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    void setQuery(const QString &sql);

protected:
    QString fieldForServerError(const QString &message) const override;

private:
    void typeChanged();

    QJsonObject m_original;
    QLineEdit *m_name, *m_description, *m_url, *m_contentType, *m_template;
    QComboBox *m_type, *m_method;
    QPlainTextEdit *m_query, *m_headers, *m_extra;
    QSpinBox *m_retries;
};

} // namespace tideline::ui::forms
