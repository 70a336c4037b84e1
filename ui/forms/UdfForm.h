#pragma once
// New / edit a user-defined function (CreateUDFRequest): name, description, type (javascript
// or remote), arguments ("name type, name type"), return type, and by type: the JavaScript
// source (a template to start from) and whether it is an aggregation, or the remote URL with
// its authentication header. Argument and return types are checked as Proton type names.
// An edit is a PUT of the whole body.
#include "ui/forms/ResourceForm.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace tideline::ui::forms {

class UdfForm : public ResourceForm {
    Q_OBJECT
public:
    UdfForm(client::WorkspaceClient *client, const QJsonObject &udf, QWidget *parent = nullptr);

    QJsonObject requestBody() const override;
    QHash<QString, QString> validate() const override;
    // "val float64, n int32" -> [{name, type}]; `error` says what is wrong with the text.
    static QJsonArray parseArguments(const QString &text, QString *error = nullptr);
    static QString javascriptTemplate(const QString &name, bool aggregation);

private:
    void typeChanged();

    QLineEdit *m_name, *m_description, *m_arguments, *m_returnType, *m_url, *m_headerName, *m_headerValue;
    QComboBox *m_type, *m_auth;
    QCheckBox *m_aggregation;
    QPlainTextEdit *m_source;
};

} // namespace tideline::ui::forms
