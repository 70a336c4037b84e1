#include "ui/ConnectionsDialog.h"
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ConnectionManager.h"
#include "models/ConnectionProfileModel.h"
#include "models/SecretStore.h"

namespace tideline::ui {

using models::ConnectionProfile;

namespace {

QLineEdit *lineEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    e->setPlaceholderText(placeholder);
    return e;
}

QLineEdit *secretEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    QLineEdit *e = lineEdit(name, placeholder, parent);
    e->setEchoMode(QLineEdit::Password);
    e->setClearButtonEnabled(true);
    return e;
}

QPushButton *button(const QString &name, const QString &text, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAutoDefault(false);
    return b;
}

// A row of the form that can be hidden as a whole (label and field).
QWidget *formRow(const QString &label, QWidget *field, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QFormLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addRow(label, field);
    return row;
}

} // namespace

ConnectionsDialog::ConnectionsDialog(models::ConnectionManager *manager, QWidget *parent)
    : QDialog(parent), m_manager(manager), m_list(new QListView(this)), m_notice(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionsDialog"));
    setWindowTitle(tr("Connections"));
    m_list->setObjectName(QStringLiteral("connectionList"));
    m_list->setModel(manager->profiles());
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMinimumWidth(200);
    m_list->setSpacing(3); // rows a click target, not a dense table
    auto *add = button(QStringLiteral("addConnectionButton"), tr("Add"), this);
    add->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_remove = button(QStringLiteral("removeConnectionButton"), tr("Remove…"), this);
    m_remove->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch();
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    m_notice->setObjectName(QStringLiteral("secretNotice"));
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    m_notice->setAutoFillBackground(true);
    m_notice->setMargin(8);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addWidget(createForm(), 5);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("connectionsButtonBox"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_notice);
    layout->addLayout(columns, 1);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, &ConnectionsDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsDialog::confirmRemove);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            loadForm(m_manager->profiles()->profile(current.data(models::ConnectionProfileModel::IdRole).toString()));
    });
    connect(manager->secrets(), &models::SecretStore::fallbackActivated, this, &ConnectionsDialog::showSecretNotice);
    if (manager->secrets()->usingFallback())
        showSecretNotice(manager->secrets()->fallbackMessage());

    const QString current = manager->currentId();
    if (!current.isEmpty())
        selectProfile(current);
    else if (manager->profiles()->rowCount() > 0)
        selectProfile(manager->profiles()->profiles().first().id);
    else
        addProfile();
    resize(760, 460);
}

QWidget *ConnectionsDialog::createForm()
{
    auto *form = new QWidget(this);
    m_name = lineEdit(QStringLiteral("nameEdit"), tr("e.g. staging"), form);
    m_kind = new QComboBox(form);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->addItem(tr("Local engine (a data folder on this computer)"));
    m_kind->addItem(tr("Remote server (Timeplus, tidelined)"));
    m_pages = new QStackedWidget(form);
    m_pages->addWidget(createLocalPage());
    m_pages->addWidget(createRemotePage());

    auto *fields = new QFormLayout;
    fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    fields->addRow(tr("Name:"), m_name);
    fields->addRow(tr("Type:"), m_kind);
    auto *layout = new QVBoxLayout(form);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addLayout(fields);
    layout->addWidget(m_pages);
    layout->addStretch();
    createButtons(form);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectionsDialog::updateKind);
    return form;
}

QWidget *ConnectionsDialog::createLocalPage()
{
    auto *page = new QWidget(this);
    m_dataDir = lineEdit(QStringLiteral("dataDirEdit"), tr("Folder of the embedded engine's data"), page);
    auto *browse = new QToolButton(page);
    browse->setObjectName(QStringLiteral("browseDataDirButton"));
    browse->setText(tr("Browse…"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_dataDir, 1);
    row->addWidget(browse);
    auto *layout = new QFormLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(tr("Data folder:"), row);
    connect(browse, &QToolButton::clicked, this, [this] {
        // The non-static dialog: no nested event loop, the workbench keeps running.
        auto *dialog = new QFileDialog(this, tr("Data folder"), m_dataDir->text());
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, m_dataDir, &QLineEdit::setText);
        dialog->open();
    });
    return page;
}

QWidget *ConnectionsDialog::createRemotePage()
{
    auto *page = new QWidget(this);
    m_url = lineEdit(QStringLiteral("urlEdit"), QStringLiteral("http://127.0.0.1:8000"), page);
    m_workspace = lineEdit(QStringLiteral("workspaceEdit"), QStringLiteral("default"), page);
    m_auth = new QComboBox(page);
    m_auth->setObjectName(QStringLiteral("authCombo"));
    m_auth->addItems({tr("API key"), tr("User and password")});
    m_apiKey = secretEdit(QStringLiteral("apiKeyEdit"), tr("Stored in the keychain"), page);
    m_user = lineEdit(QStringLiteral("userEdit"), QString(), page);
    m_password = secretEdit(QStringLiteral("passwordEdit"), tr("Stored in the keychain"), page);

    auto *userFields = new QWidget(page);
    auto *userLayout = new QFormLayout(userFields);
    userLayout->setContentsMargins(0, 0, 0, 0);
    userLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    userLayout->addRow(tr("User:"), m_user);
    userLayout->addRow(tr("Password:"), m_password);
    m_userRow = userFields;
    m_apiKeyRow = formRow(tr("API key:"), m_apiKey, page);

    auto *layout = new QFormLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addRow(tr("Server URL:"), m_url);
    layout->addRow(tr("Workspace:"), m_workspace);
    layout->addRow(tr("Sign in with:"), m_auth);
    layout->addRow(m_apiKeyRow);
    layout->addRow(m_userRow);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &ConnectionsDialog::updateKind);
    return page;
}

void ConnectionsDialog::createButtons(QWidget *form)
{
    m_test = button(QStringLiteral("testConnectionButton"), tr("Test"), form);
    m_save = button(QStringLiteral("saveConnectionButton"), tr("Save"), form);
    m_connect = button(QStringLiteral("connectButton"), tr("Connect"), form);
    m_connect->setDefault(true);
    m_status = new QLabel(form);
    m_status->setObjectName(QStringLiteral("connectionStatusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(m_status->fontMetrics().height() * 3);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *row = new QHBoxLayout;
    row->addWidget(m_test);
    row->addStretch();
    row->addWidget(m_save);
    row->addWidget(m_connect);
    auto *layout = static_cast<QVBoxLayout *>(form->layout());
    layout->addWidget(m_status);
    layout->addLayout(row);
    connect(m_test, &QPushButton::clicked, this, &ConnectionsDialog::test);
    connect(m_save, &QPushButton::clicked, this, [this] { save({}); });
    connect(m_connect, &QPushButton::clicked, this, &ConnectionsDialog::connectToEdited);
}

void ConnectionsDialog::updateKind()
{
    const bool remote = m_kind->currentIndex() == 1;
    m_pages->setCurrentIndex(remote ? 1 : 0);
    const bool key = m_auth->currentIndex() == 0;
    m_apiKeyRow->setVisible(key);
    m_userRow->setVisible(!key);
}

void ConnectionsDialog::selectProfile(const QString &id)
{
    const int row = m_manager->profiles()->indexOf(id);
    if (row < 0)
        return;
    m_list->setCurrentIndex(m_manager->profiles()->index(row));
    loadForm(m_manager->profiles()->profile(id)); // also when it was already current
}

void ConnectionsDialog::addProfile()
{
    m_list->clearSelection();
    m_list->setCurrentIndex({});
    ConnectionProfile draft = ConnectionProfile::newRemote(tr("New connection"), QUrl(QStringLiteral("http://127.0.0.1:8000")));
    loadForm(draft);
    m_secretLoaded = true; // a draft has no stored secret to wait for
    m_name->setFocus();
    m_name->selectAll();
}

void ConnectionsDialog::loadForm(const ConnectionProfile &profile)
{
    m_edited = profile;
    m_name->setText(profile.name);
    m_kind->setCurrentIndex(profile.kind == ConnectionProfile::Kind::Remote ? 1 : 0);
    m_dataDir->setText(profile.dataDir);
    m_url->setText(profile.url.toString());
    m_workspace->setText(profile.workspace);
    m_auth->setCurrentIndex(profile.auth == ConnectionProfile::Auth::ApiKey ? 0 : 1);
    m_user->setText(profile.user);
    m_apiKey->clear();
    m_password->clear();
    m_remove->setEnabled(m_manager->profiles()->indexOf(profile.id) >= 0);
    updateKind();
    showStatus({}, 0);
    loadSecret(profile.id);
}

void ConnectionsDialog::loadSecret(const QString &id)
{
    m_secretLoaded = m_manager->profiles()->indexOf(id) < 0;
    if (m_secretLoaded)
        return;
    QPointer<ConnectionsDialog> self(this);
    m_manager->readSecret(id, [self, id](const QString &secret, const QString &error) {
        if (!self || self->m_edited.id != id)
            return; // another profile is shown now
        self->m_secretLoaded = true;
        if (!error.isEmpty())
            self->showStatus(tr("The stored secret cannot be read: %1").arg(error), -1);
        (self->m_edited.auth == ConnectionProfile::Auth::ApiKey ? self->m_apiKey : self->m_password)->setText(secret);
    });
}

ConnectionProfile ConnectionsDialog::formProfile() const
{
    ConnectionProfile p = m_edited;
    p.name = m_name->text().trimmed();
    p.kind = m_kind->currentIndex() == 1 ? ConnectionProfile::Kind::Remote : ConnectionProfile::Kind::Local;
    p.dataDir = m_dataDir->text().trimmed();
    p.url = QUrl::fromUserInput(m_url->text().trimmed());
    p.workspace = m_workspace->text().trimmed();
    p.auth = m_auth->currentIndex() == 0 ? ConnectionProfile::Auth::ApiKey : ConnectionProfile::Auth::UserPassword;
    p.user = m_user->text().trimmed();
    return p;
}

std::optional<QString> ConnectionsDialog::formSecret() const
{
    if (!m_secretLoaded)
        return std::nullopt; // still reading the stored one: keep it as it is
    return m_auth->currentIndex() == 0 ? m_apiKey->text() : m_password->text();
}

void ConnectionsDialog::save(std::function<void(bool)> then)
{
    const ConnectionProfile profile = formProfile();
    showStatus(tr("Saving…"), 0);
    QPointer<ConnectionsDialog> self(this);
    m_manager->save(profile, formSecret(), [self, profile, then](bool ok, const QString &message) {
        if (!self)
            return;
        if (ok) {
            self->m_edited = profile;
            self->m_list->setCurrentIndex(self->m_manager->profiles()->index(self->m_manager->profiles()->indexOf(profile.id)));
            self->m_remove->setEnabled(true);
            self->showStatus(tr("Saved."), 1);
        } else {
            self->showStatus(message, -1);
        }
        Q_EMIT self->saveFinished(ok);
        if (then)
            then(ok);
    });
}

void ConnectionsDialog::test()
{
    showStatus(tr("Testing %1…").arg(formProfile().summary()), 0);
    m_test->setEnabled(false);
    QPointer<ConnectionsDialog> self(this);
    m_manager->test(formProfile(), formSecret().value_or(QString()), [self](bool ok, const QString &message) {
        if (!self)
            return;
        self->m_test->setEnabled(true);
        self->showStatus(ok ? message : tr("Failed: %1").arg(message), ok ? 1 : -1);
        Q_EMIT self->testFinished(ok, message);
    });
}

void ConnectionsDialog::confirmRemove()
{
    const ConnectionProfile profile = m_manager->profiles()->profile(m_edited.id);
    if (profile.id.isEmpty())
        return;
    const bool inUse = profile.id == m_manager->currentId();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove connection"),
                                tr("Remove the connection \"%1\" (%2) and its stored secret?%3")
                                    .arg(profile.name, profile.summary(),
                                         inUse ? tr("\n\nIt is in use: the workbench will disconnect and its running queries stop.") : QString()),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("removeConnectionBox"));
    box->addButton(tr("Remove"), QMessageBox::DestructiveRole)->setObjectName(QStringLiteral("confirmRemoveButton"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, id = profile.id](QAbstractButton *clicked) {
        if (box->buttonRole(clicked) != QMessageBox::DestructiveRole)
            return;
        m_manager->remove(id, [](bool, const QString &) {});
        if (m_manager->profiles()->rowCount() > 0)
            selectProfile(m_manager->profiles()->profiles().first().id);
        else
            addProfile();
        showStatus(tr("Removed."), 0);
    });
    box->open(); // window-modal sheet, no nested event loop
}

void ConnectionsDialog::connectToEdited()
{
    QPointer<ConnectionsDialog> self(this);
    save([self](bool ok) {
        if (!self || !ok)
            return;
        self->m_manager->connectTo(self->m_edited.id);
        self->accept();
    });
}

void ConnectionsDialog::showStatus(const QString &text, int tone)
{
    m_status->setText(text);
    QPalette p = m_status->palette();
    const QColor neutral = palette().color(QPalette::WindowText);
    p.setColor(QPalette::WindowText, tone > 0 ? QColor(0x2e, 0x9d, 0x4f) : tone < 0 ? QColor(0xe5, 0x39, 0x35) : neutral);
    m_status->setPalette(p);
}

void ConnectionsDialog::showSecretNotice(const QString &message)
{
    m_notice->setText(message);
    QPalette p = m_notice->palette();
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    p.setColor(QPalette::Window, dark ? QColor(0x4a, 0x3b, 0x10) : QColor(0xff, 0xf4, 0xce));
    p.setColor(QPalette::WindowText, dark ? QColor(0xf5, 0xe3, 0xa8) : QColor(0x5c, 0x45, 0x00));
    m_notice->setPalette(p);
    m_notice->setVisible(true);
}

} // namespace tideline::ui
