#include "ui/alerts/AlertEditor.h"
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include "client/WorkspaceClient.h"
#include "models/ResultModel.h"

namespace tideline::ui::alerts {

namespace {

QPlainTextEdit *sqlEdit(const char *name, const QString &text, QWidget *parent)
{
    auto *e = new QPlainTextEdit(text, parent);
    e->setObjectName(QLatin1String(name));
    e->setFont(QFont(QStringLiteral("monospace")));
    e->setMinimumHeight(70);
    return e;
}

} // namespace

AlertEditor::AlertEditor(client::WorkspaceClient *client, const QJsonObject &alert, QWidget *parent)
    : QDialog(parent), m_client(client), m_id(alert.value(QStringLiteral("id")).toString()), m_original(alert),
      m_status(new QLabel(this)), m_dryStatus(new QLabel(this)), m_dryTable(new QTableView(this)), m_dryModel(new models::ResultModel(this))
{
    setObjectName(QStringLiteral("alertEditor"));
    setWindowTitle(m_id.isEmpty() ? tr("New alert") : tr("Alert %1").arg(alert.value(QStringLiteral("name")).toString()));
    setAttribute(Qt::WA_DeleteOnClose);
    m_status->setObjectName(QStringLiteral("alertEditorStatus"));
    m_status->setWordWrap(true);
    m_dryStatus->setObjectName(QStringLiteral("dryRunStatus"));
    m_dryTable->setObjectName(QStringLiteral("dryRunTable"));
    m_dryTable->setModel(m_dryModel);
    m_dryTable->verticalHeader()->hide();
    m_dryTable->setMaximumHeight(140);
    m_dryModel->setCapacity(1000);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *dry = buttons->addButton(tr("Dry run"), QDialogButtonBox::ActionRole);
    dry->setObjectName(QStringLiteral("dryRunButton"));
    dry->setToolTip(tr("Run the trigger SQL over the stored rows: what would have fired"));
    QPushButton *save = buttons->addButton(m_id.isEmpty() ? tr("Create") : tr("Save"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("alertSaveButton"));
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("alertCloseButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createForm());
    layout->addWidget(m_dryStatus);
    layout->addWidget(m_dryTable);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(dry, &QPushButton::clicked, this, &AlertEditor::dryRun);
    connect(save, &QPushButton::clicked, this, &AlertEditor::save);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_dryModel, &models::ResultModel::countersChanged, this, [this] {
        m_dryStatus->setText(dryRunText());
    });
    resize(620, 640);
}

QWidget *AlertEditor::createForm()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    const QJsonObject properties = m_original.value(QStringLiteral("properties")).toObject();
    m_name = new QLineEdit(m_original.value(QStringLiteral("name")).toString(), box);
    m_name->setObjectName(QStringLiteral("alertNameEdit"));
    m_severity = new QSpinBox(box);
    m_severity->setObjectName(QStringLiteral("alertSeveritySpin"));
    m_severity->setRange(1, 5);
    m_severity->setValue(m_original.value(QStringLiteral("severity")).toInt(3));
    m_severity->setToolTip(tr("1 = critical … 5 = informational"));
    m_trigger = sqlEdit("alertTriggerEdit", m_original.value(QStringLiteral("trigger_sql")).toString(), box);
    m_trigger->setPlaceholderText(QStringLiteral("SELECT device, temp FROM devices WHERE temp > 40"));
    m_resolve = sqlEdit("alertResolveEdit", m_original.value(QStringLiteral("resolve_sql")).toString(), box);
    m_resolve->setPlaceholderText(tr("optional: a row resolves the alert"));
    m_action = new QComboBox(box);
    m_action->setObjectName(QStringLiteral("alertActionCombo"));
    m_action->addItems({QStringLiteral("webhook"), QStringLiteral("slack"), QStringLiteral("http"), QStringLiteral("none")});
    const QString action = m_original.value(QStringLiteral("action")).toString(QStringLiteral("webhook"));
    if (m_action->findText(action) < 0)
        m_action->addItem(action);
    m_action->setCurrentText(action);
    m_url = new QLineEdit(properties.value(QStringLiteral("url")).toString(), box);
    m_url->setObjectName(QStringLiteral("alertUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("https://hooks.example.com/…"));
    m_message = new QLineEdit(properties.value(QStringLiteral("message")).toString(), box);
    m_message->setObjectName(QStringLiteral("alertMessageEdit"));
    m_message->setPlaceholderText(QStringLiteral("[{{status}}] {{name}}: {{row}}"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Severity"), m_severity);
    form->addRow(tr("Trigger SQL"), m_trigger);
    form->addRow(tr("Resolve SQL"), m_resolve);
    form->addRow(tr("Action"), m_action);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Message"), m_message);
    return box;
}

QJsonObject AlertEditor::requestBody() const
{
    // Properties we do not show (headers, channel, ...) are kept from the alert as loaded.
    QJsonObject properties = m_original.value(QStringLiteral("properties")).toObject();
    auto setOrRemove = [&](const QString &key, const QString &value) {
        if (value.isEmpty())
            properties.remove(key);
        else
            properties.insert(key, value);
    };
    setOrRemove(QStringLiteral("url"), m_url->text().trimmed());
    setOrRemove(QStringLiteral("message"), m_message->text());
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()},
                     {QStringLiteral("severity"), m_severity->value()},
                     {QStringLiteral("trigger_sql"), m_trigger->toPlainText().trimmed()},
                     {QStringLiteral("action"), m_action->currentText()},
                     {QStringLiteral("properties"), properties}};
    if (const QString resolve = m_resolve->toPlainText().trimmed(); !resolve.isEmpty())
        body.insert(QStringLiteral("resolve_sql"), resolve);
    if (m_original.contains(QStringLiteral("description")))
        body.insert(QStringLiteral("description"), m_original.value(QStringLiteral("description")));
    return body;
}

QString AlertEditor::historySql(const QString &sql)
{
    QString s = sql.trimmed();
    while (s.endsWith(QLatin1Char(';')))
        s.chop(1);
    static const QRegularExpression settings(QStringLiteral("\\bSETTINGS\\b"), QRegularExpression::CaseInsensitiveOption);
    return s + (settings.match(s).hasMatch() ? QStringLiteral(", query_mode='table'") : QStringLiteral(" SETTINGS query_mode='table'"));
}

void AlertEditor::dryRun()
{
    const QString sql = m_trigger->toPlainText().trimmed();
    if (sql.isEmpty()) {
        m_dryStatus->setText(tr("Write the trigger SQL first."));
        return;
    }
    delete m_dryHandle; // a new dry run supersedes the old one
    m_dryHandle = m_client->runQuery(historySql(sql), {}, this);
    m_dryModel->attach(m_dryHandle);
    m_dryStatus->setText(tr("Dry run: running over the stored rows…"));
    connect(m_dryHandle, &client::QueryHandle::finished, this, [this] {
        m_dryModel->flushNow();
        m_dryStatus->setText(dryRunText());
    });
    connect(m_dryHandle, &client::QueryHandle::failed, this, [this](const client::ErrorInfo &e) {
        m_dryStatus->setText(tr("Dry run failed: code %1: %2").arg(e.code).arg(e.message));
    });
}

QString AlertEditor::dryRunText() const
{
    if (m_dryModel->isRunning())
        return tr("Dry run: %1 matching rows so far…").arg(QLocale().toString(m_dryModel->rowsReceived()));
    const qint64 n = m_dryModel->rowsReceived();
    return n == 0 ? tr("Dry run: no stored row matches; the alert would not have fired.")
                  : tr("Dry run: %1 stored rows match; the alert would have fired.").arg(QLocale().toString(n));
}

void AlertEditor::save()
{
    const QJsonObject body = requestBody();
    if (body.value(QStringLiteral("name")).toString().isEmpty() || body.value(QStringLiteral("trigger_sql")).toString().isEmpty()) {
        m_status->setText(tr("An alert needs a name and a trigger SQL."));
        return;
    }
    const quint64 request = ++m_saveRequest;
    m_status->setText(tr("Saving…"));
    QPointer<AlertEditor> self(this); // the answer may come after the editor is closed
    auto done = [self, this, request](const client::Reply &reply) {
        if (!self || request != m_saveRequest)
            return;
        if (!reply.ok) {
            m_status->setText(tr("Not saved: code %1: %2").arg(reply.error.code).arg(reply.error.message));
            return;
        }
        m_id = reply.value.toObject().value(QStringLiteral("id")).toString(m_id);
        m_original = reply.value.toObject();
        m_status->setText(tr("Saved."));
        Q_EMIT saved(m_id);
    };
    if (m_id.isEmpty())
        m_client->create(client::Resource::Alert, body, done);
    else
        m_client->update(client::Resource::Alert, m_id, body, done);
}

} // namespace tideline::ui::alerts
