#include "ui/forms/ApiKeysDialog.h"
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include "models/FormValidation.h"
#include "ui/forms/ResourceForm.h"

namespace tideline::ui::forms {

namespace {

QString epochText(const QJsonValue &v)
{
    const qint64 s = v.toInteger();
    if (s <= 0)
        return QObject::tr("never");
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(s).toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

ApiKeysDialog::ApiKeysDialog(client::WorkspaceClient *client, QWidget *parent)
    : QDialog(parent), m_client(client), m_table(new QTableWidget(0, 4, this)), m_name(new QLineEdit(this)), m_expiry(new QLineEdit(this)),
      m_secret(new QLineEdit(this)), m_expiryPreset(new QComboBox(this)), m_expiryError(new QLabel(this)), m_status(new QLabel(this)),
      m_secretNote(new QLabel(this))
{
    setObjectName(QStringLiteral("apiKeysDialog"));
    setWindowTitle(tr("API keys"));
    setAttribute(Qt::WA_DeleteOnClose);
    m_table->setObjectName(QStringLiteral("apiKeysTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Created"), tr("Expires"), tr("ID")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 230);
    m_table->setColumnWidth(1, 130);
    m_table->setColumnWidth(2, 130);
    m_name->setObjectName(QStringLiteral("apiKeyNameEdit"));
    m_name->setPlaceholderText(tr("optional, e.g. ci-ingest"));
    m_expiryPreset->setObjectName(QStringLiteral("apiKeyExpiryCombo"));
    m_expiryPreset->addItem(tr("never"), QString());
    m_expiryPreset->addItem(tr("in 1 day"), QStringLiteral("24h"));
    m_expiryPreset->addItem(tr("in 7 days"), QStringLiteral("168h"));
    m_expiryPreset->addItem(tr("in 30 days"), QStringLiteral("720h"));
    m_expiryPreset->addItem(tr("custom…"), QStringLiteral("custom"));
    m_expiry->setObjectName(QStringLiteral("apiKeyExpiryEdit"));
    m_expiry->setPlaceholderText(QStringLiteral("36h"));
    m_expiry->setEnabled(false);
    m_expiryError->setObjectName(QStringLiteral("apiKeyExpiryError"));
    styleErrorLabel(m_expiryError);
    m_expiryError->hide();
    m_status->setObjectName(QStringLiteral("apiKeysStatus"));
    m_status->setWordWrap(true);
    m_secret->setObjectName(QStringLiteral("apiKeySecretEdit"));
    m_secret->setReadOnly(true);
    m_secret->setFont(QFont(QStringLiteral("monospace")));
    m_secret->hide();
    m_secretNote->setText(tr("This is the only time the key is shown: copy it now."));
    m_secretNote->hide();
    auto *create = new QPushButton(tr("Create key"), this);
    create->setObjectName(QStringLiteral("createApiKeyButton"));
    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyApiKeyButton"));
    m_copy->hide();
    m_delete = new QPushButton(tr("Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteApiKeyButton"));
    m_delete->setEnabled(false);

    auto *newKey = new QFormLayout;
    auto *expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expiryPreset);
    expiryRow->addWidget(m_expiry, 1);
    newKey->addRow(tr("Name"), m_name);
    newKey->addRow(tr("Expires"), expiryRow);
    newKey->addRow(QString(), m_expiryError);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copy);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_delete, QDialogButtonBox::ActionRole);
    buttons->addButton(create, QDialogButtonBox::ActionRole);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("apiKeysCloseButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("New key")), this));
    layout->addLayout(newKey);
    layout->addWidget(m_secretNote);
    layout->addLayout(secretRow);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_expiryPreset, &QComboBox::currentIndexChanged, this, [this] {
        m_expiry->setEnabled(m_expiryPreset->currentData().toString() == QLatin1String("custom"));
    });
    connect(create, &QPushButton::clicked, this, &ApiKeysDialog::createKey);
    connect(m_delete, &QPushButton::clicked, this, &ApiKeysDialog::confirmDelete);
    connect(m_copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_secret->text()); });
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] { m_delete->setEnabled(!m_table->selectedItems().isEmpty()); });
    resize(720, 520);
    reload();
}

void ApiKeysDialog::reload()
{
    QPointer<ApiKeysDialog> self(this);
    m_client->list(client::Resource::ApiKey, [self](const client::Reply &reply) {
        if (!self)
            return;
        if (!reply.ok)
            self->setStatus(tr("Could not list the keys: %1").arg(reply.error.message), true);
        self->fill(reply.value.toArray());
        self->m_loaded = true;
    });
}

void ApiKeysDialog::fill(const QJsonArray &keys)
{
    m_table->setRowCount(0);
    for (const QJsonValue &v : keys) {
        const QJsonObject k = v.toObject();
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells = {k.value(QStringLiteral("name")).toString(), epochText(k.value(QStringLiteral("created_at"))),
                                   epochText(k.value(QStringLiteral("expire_at"))), k.value(QStringLiteral("id")).toString()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_delete->setEnabled(false);
}

QJsonObject ApiKeysDialog::createBody() const
{
    QJsonObject body;
    if (!m_name->text().trimmed().isEmpty())
        body.insert(QStringLiteral("name"), m_name->text().trimmed());
    QString expiry = m_expiryPreset->currentData().toString();
    if (expiry == QLatin1String("custom"))
        expiry = m_expiry->text().trimmed();
    if (!expiry.isEmpty())
        body.insert(QStringLiteral("expire_in"), expiry);
    return body;
}

QString ApiKeysDialog::validate() const
{
    if (m_expiryPreset->currentData().toString() != QLatin1String("custom"))
        return {};
    if (m_expiry->text().trimmed().isEmpty())
        return tr("Type a duration such as 36h, or pick a preset.");
    return models::FormValidation::durationError(m_expiry->text().trimmed());
}

void ApiKeysDialog::createKey()
{
    const QString error = validate();
    m_expiryError->setText(error);
    m_expiryError->setVisible(!error.isEmpty());
    if (!error.isEmpty())
        return;
    const quint64 request = ++m_request;
    setStatus(tr("Creating…"), false);
    QPointer<ApiKeysDialog> self(this);
    m_client->create(client::Resource::ApiKey, createBody(), [self, request](const client::Reply &reply) {
        if (!self || request != self->m_request)
            return;
        if (!reply.ok) {
            self->setStatus(tr("The server refused it: code %1: %2").arg(reply.error.code).arg(reply.error.message), true);
            return;
        }
        const QJsonObject answer = reply.value.toObject();
        self->m_secret->setText(answer.value(QStringLiteral("api_key")).toString());
        for (QWidget *w : std::initializer_list<QWidget *>{self->m_secret, self->m_copy, self->m_secretNote})
            w->show();
        self->setStatus(tr("Created %1.").arg(answer.value(QStringLiteral("name")).toString()), false);
        self->reload();
        Q_EMIT self->changed();
    });
}

QString ApiKeysDialog::secret() const
{
    return m_secret->isHidden() ? QString() : m_secret->text();
}

QMessageBox *ApiKeysDialog::confirmDelete()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 3))
        return nullptr;
    const QString id = m_table->item(row, 3)->text();
    const QString name = m_table->item(row, 0)->text();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete API key"), tr("Delete the API key <b>%1</b>?").arg(name.toHtmlEscaped()),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("deleteApiKeyConfirmation"));
    box->setInformativeText(tr("Programs that use it can no longer connect. This cannot be undone."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    QPushButton *yes = box->addButton(tr("Delete key"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteApiKeyButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel);
    QPointer<ApiKeysDialog> self(this);
    connect(yes, &QPushButton::clicked, this, [self, id, name] {
        self->m_client->remove(client::Resource::ApiKey, id, [self, name](const client::Reply &reply) {
            if (!self)
                return;
            self->setStatus(reply.ok ? tr("Deleted %1.").arg(name) : tr("Could not delete %1: %2").arg(name, reply.error.message), !reply.ok);
            self->reload();
            Q_EMIT self->changed();
        });
    });
    box->open();
    return box;
}

void ApiKeysDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    if (error)
        styleErrorLabel(m_status);
    else
        m_status->setPalette(palette());
}

} // namespace tideline::ui::forms
