#pragma once
// The frame every resource form shares (streams, views and MVs, sinks, UDFs): a form layout
// where each field has an error line right under it, a line for the server's answer, and
// Create/Save + Close. Save asks the subclass to validate; problems are shown next to their
// fields and nothing is sent. Otherwise the body goes through WorkspaceClient::create (new) or
// update (edit); a refusal is shown with the engine's code and message (and, when the message
// names a field's value, next to that field too), and the dialog stays open with what was
// typed. Non-modal; opened with open()/show(), never exec().
#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include "client/WorkspaceClient.h"

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace tideline::ui::forms {

class ResourceForm : public QDialog {
    Q_OBJECT
public:
    // `key` empty: a new object (create); else the name or id to update.
    ResourceForm(client::WorkspaceClient *client, client::Resource resource, const QString &key, QWidget *parent = nullptr);

    bool isNew() const { return m_key.isEmpty(); }
    client::Resource resource() const { return m_resource; }
    // The request body the form would send (CreateXRequest / UpdateXRequest).
    virtual QJsonObject requestBody() const = 0;
    // field key -> message; empty when the form can be sent.
    virtual QHash<QString, QString> validate() const = 0;
    // Validates, then sends; false when validation stopped it.
    virtual bool save();
    QString fieldError(const QString &field) const;
    // The refusal (or "nothing was sent") shown under the form; "" when the last outcome was fine.
    QString serverError() const;
    QPushButton *saveButton() const { return m_save; }

Q_SIGNALS:
    // The server accepted the object; `name` is what the explorer lists.
    void saved(client::Resource resource, const QString &name, const QJsonObject &object);

protected:
    QFormLayout *form() const { return m_form; }
    QVBoxLayout *mainLayout() const { return m_layout; }
    // Adds a row with `widget` and an (initially hidden) error line under it.
    void addField(const QString &label, const QString &field, QWidget *widget);
    // The common rows in one call: a line edit, or a monospace editor `lines` high (code, JSON),
    // named `objectName`, with its text, placeholder and error line.
    QLineEdit *addLineField(const QString &label, const QString &field, const char *objectName, const QString &text,
                            const QString &placeholder = {});
    QPlainTextEdit *addCodeField(const QString &label, const QString &field, const char *objectName, const QString &text,
                                 const QString &placeholder, int lines);
    void addSection(const QString &title);
    // Shows or hides a field's row (label, widget and error line): fields of another type.
    void setFieldVisible(const QString &field, bool visible);
    bool isFieldVisible(const QString &field) const;
    void setFieldError(const QString &field, const QString &message);
    void clearErrors();
    void setStatus(const QString &text, bool error);
    // What update() sends for an edit; create sends requestBody().
    virtual QJsonObject updateBody() const { return requestBody(); }
    virtual QString savedName(const QJsonObject &answer) const;
    // Which field a server message is about (the subclass knows its values); "" for none.
    virtual QString fieldForServerError(const QString &message) const;
    // After a refusal is shown: a subclass can point at the place (a line of a body editor).
    virtual void serverRefused(const client::ErrorInfo &) {}
    client::WorkspaceClient *client() const { return m_client; }
    QString key() const { return m_key; }

private:
    client::WorkspaceClient *m_client;
    client::Resource m_resource;
    QString m_key;
    QVBoxLayout *m_layout;
    QFormLayout *m_form;
    QHash<QString, QLabel *> m_errors;
    QHash<QString, QWidget *> m_fields;
    QStringList m_order; // field keys in form order
    QLabel *m_status;
    QPushButton *m_save;
    quint64 m_request = 0;
    bool m_statusIsError = false;
};

// Error lines and the server line look the same everywhere.
void styleErrorLabel(QLabel *label);

} // namespace tideline::ui::forms
