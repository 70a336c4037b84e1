#pragma once
// Manage connections: the saved profiles on the left; on the right the form of the one
// selected (name, local data folder, or server URL, workspace and an API key or a user and
// password), with Test (opens a throw-away client and says "connected" or the error), Save,
// Remove (asks once) and Connect (saves, switches the workbench to it, closes). Non-modal and
// never blocking: the secret is read, written and tested asynchronously. A banner says when
// secrets go to the encrypted file because there is no keychain.
#include <QDialog>
#include <optional>
#include "models/ConnectionProfile.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStackedWidget;

namespace tideline::models {
class ConnectionManager;
}

namespace tideline::ui {

class ConnectionsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionsDialog(models::ConnectionManager *manager, QWidget *parent = nullptr);

    // The profile as the form describes it now (id of the one edited, or a new id for a draft).
    models::ConnectionProfile formProfile() const;
    QString editedId() const { return m_edited.id; }
    void selectProfile(const QString &id);
    // Starts a new, unsaved profile.
    void addProfile();

Q_SIGNALS:
    // The form was saved (ok) or refused; the message is in the status line too.
    void saveFinished(bool ok);
    void testFinished(bool ok, const QString &message);

private:
    QWidget *createForm();
    QWidget *createLocalPage();
    QWidget *createRemotePage();
    void createButtons(QWidget *form);
    void loadForm(const models::ConnectionProfile &profile);
    void loadSecret(const QString &id);
    void updateKind();
    void save(std::function<void(bool)> then);
    void test();
    void confirmRemove();
    void connectToEdited();
    void showStatus(const QString &text, int tone); // tone: 0 neutral, 1 good, -1 bad
    void showSecretNotice(const QString &message);
    std::optional<QString> formSecret() const;

    models::ConnectionManager *m_manager;
    models::ConnectionProfile m_edited;
    bool m_secretLoaded = false;
    QListView *m_list;
    QLabel *m_notice;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_dataDir;
    QLineEdit *m_url;
    QLineEdit *m_workspace;
    QComboBox *m_auth;
    QLineEdit *m_apiKey;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QWidget *m_apiKeyRow;
    QWidget *m_userRow;
    QLabel *m_status;
    QPushButton *m_test;
    QPushButton *m_save;
    QPushButton *m_connect;
    QPushButton *m_remove;
};

} // namespace tideline::ui
