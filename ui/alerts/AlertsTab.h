#pragma once
// The alert list tab: alerts with severity, state (running/stopped, triggered/resolved) and last
// trigger, polled while the tab is shown; New / Edit (AlertEditor) / Start / Stop / Resolve /
// Delete on the selected alert; and the selected alert's status timeline (the open incident's
// entries, newest first). Actions are asynchronous and refresh the list when answered.
#include <QPointer>
#include <QMessageBox>
#include <QWidget>
#include "ui/alerts/AlertEditor.h"

class QLabel;
class QListWidget;
class QTableView;
class QToolButton;

namespace tideline::client {
class WorkspaceClient;
}
namespace tideline::models {
class AlertListModel;
}

namespace tideline::ui::alerts {



class AlertsTab : public QWidget {
    Q_OBJECT
public:
    explicit AlertsTab(client::WorkspaceClient *client, QWidget *parent = nullptr);

    models::AlertListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QListWidget *timeline() const { return m_timeline; }
    AlertEditor *editor() const { return m_editor; }
    QString selectedId() const;
    void select(const QString &id);
    AlertEditor *newAlert();
    AlertEditor *editSelected();
    void act(const QString &action); // start, stop, resolve on the selected alert
    // Delete asks first (WORKBENCH.md principle 6): the returned box is open (window-modal)
    // until answered; only "Delete alert" removes it. removeSelected() deletes without asking.
    QMessageBox *confirmRemove();
    void removeSelected();

Q_SIGNALS:
    void message(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QToolButton *button(const char *name, const QString &text, const QString &tip);
    void updateTimeline();
    void updateButtons();
    AlertEditor *openEditor(const QJsonObject &alert);

    client::WorkspaceClient *m_client;
    models::AlertListModel *m_model;
    QTableView *m_table;
    QListWidget *m_timeline;
    QLabel *m_timelineTitle;
    QToolButton *m_edit, *m_start, *m_stop, *m_resolve, *m_delete;
    QPointer<AlertEditor> m_editor; // deletes itself on close
    QString m_selected;
};

} // namespace tideline::ui::alerts
