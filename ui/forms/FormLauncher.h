#pragma once
// Opens the right form for a kind (New … from the menus, the explorer and Ctrl+K; Edit… from
// the explorer and object pages): one open form per object (asking again brings it forward),
// non-modal, parented to the window. A saved object reloads the explorer through `saved`.
#include <QDialog> // QPointer needs the complete type
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include "client/WorkspaceClient.h"
#include "ui/forms/ApiKeysDialog.h"

class QWidget;

namespace tideline::models {
class ObjectTreeModel;
}

namespace tideline::ui::forms {

class FormLauncher : public QObject {
    Q_OBJECT
public:
    FormLauncher(client::WorkspaceClient *client, models::ObjectTreeModel *objects, QWidget *window);

    // An empty `object` opens the form of a new one. Null for kinds without a form.
    QDialog *open(client::Resource resource, const QJsonObject &object = {});
    ApiKeysDialog *openApiKeys();
    QDialog *current() const { return m_last; }

Q_SIGNALS:
    void saved(client::Resource resource, const QString &name, const QJsonObject &object);

private:
    client::WorkspaceClient *m_client;
    models::ObjectTreeModel *m_objects;
    QWidget *m_window;
    QHash<QString, QPointer<QDialog>> m_open; // "<resource>/<key>" of edits
    QPointer<QDialog> m_last;
    QPointer<ApiKeysDialog> m_keys;
};

} // namespace tideline::ui::forms
