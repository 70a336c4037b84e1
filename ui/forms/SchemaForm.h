#pragma once
// New / edit a format schema (v1beta2.CreateSchemaRequest): name, type (Protobuf, the one the
// API has) and the body, a .proto text in a monospace editor. The engine parses it when it is
// stored (CREATE FORMAT SCHEMA); its refusal says "line L, column C", which is marked in the
// editor (the cursor goes there) besides being shown under the field. An edit is a PUT.
#include "ui/forms/ResourceForm.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace tideline::ui::forms {

class SchemaForm : public ResourceForm {
    Q_OBJECT
public:
    SchemaForm(client::WorkspaceClient *client, const QJsonObject &schema, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    static QString protobufTemplate();
    // "… line 3, column 7: …" -> {3, 7}; {0, 0} when the message names no place.
    static std::pair<int, int> errorPlace(const QString &message);
    int markedLine() const { return m_markedLine; }

protected:
    QString fieldForServerError(const QString &message) const override;
    void serverRefused(const client::ErrorInfo &error) override;

private:
    QLineEdit *m_name;
    QComboBox *m_type;
    QPlainTextEdit *m_content;
    int m_markedLine = 0;
};

} // namespace tideline::ui::forms
