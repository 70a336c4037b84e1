#pragma once
// Creates or edits an alert (non-modal): name, severity, trigger SQL, resolve SQL, action and its
// properties (URL and message template for webhook/slack/http, or raw JSON). "Dry run" runs the
// trigger SQL over what is already stored (`query_mode='table'`) and says how many rows would
// have triggered it, before anything is saved. Save creates or updates through WorkspaceClient;
// the API's error is shown inline and the dialog stays open.
#include <QDialog>
#include <QJsonObject>
#include <QPointer>
#include "client/QueryHandle.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableView;

namespace tideline::client {
class WorkspaceClient;
}
namespace tideline::models {
class ResultModel;
}

namespace tideline::ui::alerts {

class AlertEditor : public QDialog {
    Q_OBJECT
public:
    // An empty `alert` creates a new one.
    AlertEditor(client::WorkspaceClient *client, const QJsonObject &alert, QWidget *parent = nullptr);

    QJsonObject requestBody() const; // CreateAlertRequest from the form
    void dryRun();
    void save();
    QString dryRunText() const;
    models::ResultModel *dryRunModel() const { return m_dryModel; }
    // The trigger SQL as a bounded query over stored rows.
    static QString historySql(const QString &sql);

Q_SIGNALS:
    void saved(const QString &id);

private:
    QWidget *createForm();

    client::WorkspaceClient *m_client;
    QString m_id;
    QJsonObject m_original;
    QLineEdit *m_name;
    QSpinBox *m_severity;
    QPlainTextEdit *m_trigger, *m_resolve;
    QComboBox *m_action;
    QLineEdit *m_url, *m_message;
    QLabel *m_status;
    QLabel *m_dryStatus;
    QTableView *m_dryTable;
    models::ResultModel *m_dryModel;
    QPointer<client::QueryHandle> m_dryHandle;
    quint64 m_saveRequest = 0;
};

} // namespace tideline::ui::alerts
