#pragma once
// API keys (non-modal): the list (name with the masked key, created, expires), a new key with
// an optional name and expiry ("24h", "168h", … as expire_in), whose secret is shown once with
// a Copy button (the server does not keep it), and delete after a confirmation that names the
// key. Problems are shown inline: a bad expiry under its field, the server's refusal below.
#include <QDialog>
#include <QJsonArray>
#include <QPointer>
#include "client/WorkspaceClient.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QTableWidget;

namespace tideline::ui::forms {

class ApiKeysDialog : public QDialog {
    Q_OBJECT
public:
    explicit ApiKeysDialog(client::WorkspaceClient *client, QWidget *parent = nullptr);

    void reload();
    bool isLoaded() const { return m_loaded; }
    QTableWidget *table() const { return m_table; }
    QJsonObject createBody() const;
    QString validate() const; // the expiry's problem, "" when fine
    void createKey();
    QMessageBox *confirmDelete();
    QString secret() const;

Q_SIGNALS:
    void changed();

private:
    void fill(const QJsonArray &keys);
    void setStatus(const QString &text, bool error);

    client::WorkspaceClient *m_client;
    QTableWidget *m_table;
    QLineEdit *m_name, *m_expiry, *m_secret;
    QComboBox *m_expiryPreset;
    QLabel *m_expiryError, *m_status, *m_secretNote;
    QPushButton *m_copy, *m_delete;
    bool m_loaded = false;
    quint64 m_request = 0;
};

} // namespace tideline::ui::forms
