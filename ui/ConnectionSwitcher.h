#pragma once
// The connection switcher of the main window's toolbar: a combo of the saved connections (pick
// one to switch), a dot with the connection's state, and "Connections…" to manage them. Says
// once (ever, per user) when secrets go to the encrypted file because there is no keychain.
#include <QPointer>
#include <QWidget>
#include "ui/ConnectionsDialog.h" // QPointer needs the complete type

class QComboBox;
class QLabel;
class QToolButton;

namespace tideline::client {
enum class ConnectionState;
}
namespace tideline::models {
class ConnectionManager;
}

namespace tideline::ui {

class ConnectionSwitcher : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionSwitcher(models::ConnectionManager *manager, QWidget *parent = nullptr);

    QComboBox *combo() const { return m_combo; }
    // Opens (or raises) the Connections dialog; non-modal.
    ConnectionsDialog *openManager();
    ConnectionsDialog *dialog() const { return m_dialog; }

    static constexpr const char *kNoticeShownKey = "secrets/fallbackNoticeShown";

private:
    void syncCurrent();
    void showState(client::ConnectionState state);
    void noticeFallbackOnce(const QString &message);

    models::ConnectionManager *m_manager;
    QComboBox *m_combo;
    QLabel *m_dot;
    QToolButton *m_manage;
    QPointer<ConnectionsDialog> m_dialog;
};

} // namespace tideline::ui
