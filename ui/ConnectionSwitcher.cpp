#include "ui/ConnectionSwitcher.h"
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStyle>
#include <QToolButton>
#include "client/WorkspaceClient.h"
#include "models/ConnectionManager.h"
#include "models/ConnectionProfileModel.h"
#include "models/SecretStore.h"
#include "models/SwitchableClient.h"
#include "ui/ConnectionsDialog.h"

namespace tideline::ui {

using models::ConnectionProfileModel;

ConnectionSwitcher::ConnectionSwitcher(models::ConnectionManager *manager, QWidget *parent)
    : QWidget(parent), m_manager(manager), m_combo(new QComboBox(this)), m_dot(new QLabel(this)), m_manage(new QToolButton(this))
{
    setObjectName(QStringLiteral("connectionSwitcher"));
    m_combo->setObjectName(QStringLiteral("connectionCombo"));
    m_combo->setModel(manager->profiles());
    m_combo->setMinimumContentsLength(22);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setToolTip(tr("Switch the connection"));
    m_dot->setObjectName(QStringLiteral("connectionStateDot"));
    m_manage->setObjectName(QStringLiteral("manageConnectionsButton"));
    m_manage->setText(tr("Connections…"));
    m_manage->setToolTip(tr("Add, edit, test or remove connections (Ctrl+Shift+O)"));
    m_manage->setIcon(style()->standardIcon(QStyle::SP_DriveNetIcon));
    m_manage->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_manage->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_dot);
    layout->addWidget(m_combo);
    layout->addWidget(m_manage);

    connect(m_combo, &QComboBox::activated, this, [this](int row) {
        const QString id = m_manager->profiles()->index(row).data(ConnectionProfileModel::IdRole).toString();
        if (!id.isEmpty() && id != m_manager->currentId())
            m_manager->connectTo(id);
    });
    connect(m_manage, &QToolButton::clicked, this, &ConnectionSwitcher::openManager);
    connect(manager, &models::ConnectionManager::currentChanged, this, &ConnectionSwitcher::syncCurrent);
    // A reset or removal in the list moves the combo's row: put it back on the connection in use.
    connect(manager->profiles(), &QAbstractItemModel::modelReset, this, &ConnectionSwitcher::syncCurrent);
    connect(manager->profiles(), &QAbstractItemModel::rowsRemoved, this, &ConnectionSwitcher::syncCurrent);
    connect(manager->profiles(), &QAbstractItemModel::rowsInserted, this, &ConnectionSwitcher::syncCurrent);
    connect(manager->client(), &client::WorkspaceClient::stateChanged, this, &ConnectionSwitcher::showState);
    connect(manager->secrets(), &models::SecretStore::fallbackActivated, this, &ConnectionSwitcher::noticeFallbackOnce);
    showState(manager->client()->state());
    syncCurrent();
    if (manager->secrets()->usingFallback()) // chosen before this window existed
        QMetaObject::invokeMethod(this, [this] { noticeFallbackOnce(m_manager->secrets()->fallbackMessage()); }, Qt::QueuedConnection);
}

void ConnectionSwitcher::syncCurrent()
{
    m_combo->setCurrentIndex(m_manager->profiles()->indexOf(m_manager->currentId()));
}

void ConnectionSwitcher::showState(client::ConnectionState state)
{
    using client::ConnectionState;
    const QString color = state == ConnectionState::Connected ? QStringLiteral("#2e9d4f")
        : state == ConnectionState::Failed                    ? QStringLiteral("#e53935")
        : state == ConnectionState::Disconnected              ? QStringLiteral("#8a8f98")
                                                              : QStringLiteral("#e0a100");
    m_dot->setText(QStringLiteral("<span style='color:%1'>●</span>").arg(color));
    m_dot->setToolTip(client::connectionStateName(state));
}

ConnectionsDialog *ConnectionSwitcher::openManager()
{
    if (!m_dialog) {
        m_dialog = new ConnectionsDialog(m_manager, window());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

void ConnectionSwitcher::noticeFallbackOnce(const QString &message)
{
    QSettings settings;
    if (settings.value(QLatin1String(kNoticeShownKey)).toBool())
        return;
    settings.setValue(QLatin1String(kNoticeShownKey), true);
    auto *box = new QMessageBox(QMessageBox::Information, tr("Where secrets are stored"), message, QMessageBox::Ok, window());
    box->setObjectName(QStringLiteral("secretFallbackNotice"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false); // informative: the workbench stays usable
    box->show();
}

} // namespace tideline::ui
