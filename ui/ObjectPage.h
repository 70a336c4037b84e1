#pragma once
// An object's detail page (a tab): a header with its name, kind and actions, live stats for
// streams, MVs, external streams, sinks and sources (row count, earliest and latest event, the
// endpoint's 30-minute averages, a live events/s sparkline and the hourly one of the last day),
// then Preview (the newest rows through table()), Schema and DDL sub-tabs.
// Stats are polled only while the page is visible (a background tab costs nothing).
// Materialized views also show their status (running, paused, failed with the reason) with
// Pause and Resume; objects that have a form (streams, views, MVs, sinks, UDFs) have Edit….
#include <QTimer>
#include <QWidget>
#include "client/WorkspaceClient.h"

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QToolButton;

namespace tideline::models {
class ObjectDetails;
}

namespace tideline::ui {

class Sparkline;

class ObjectPage : public QWidget {
    Q_OBJECT
public:
    ObjectPage(client::WorkspaceClient *client, client::Resource resource, const QString &name,
               const QString &database, const QJsonObject &object, QWidget *parent = nullptr);

    models::ObjectDetails *details() const { return m_details; }
    // The tab's identity: one page per object.
    QString pageKey() const;
    static QString pageKey(client::Resource resource, const QString &database, const QString &name);
    void setRefreshInterval(int msecs);
    int refreshInterval() const { return m_poll.interval(); }
    void refresh(); // definition, DDL, stats and preview again
    void showDdl();

Q_SIGNALS:
    void queryRequested(const QString &sql, const QString &title);
    // "Edit…": the window opens the object's form (streams, views, MVs, sinks, UDFs).
    void editRequested(client::Resource resource, const QJsonObject &object);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *createHeader();
    QWidget *createStats();
    QWidget *createPreview();
    QWidget *createSchema();
    QWidget *createDdl();
    QLabel *addCard(QWidget *row, const QString &title, const char *objectName);
    void showStats();
    void updatePreviewStatus();

    models::ObjectDetails *m_details;
    QTimer m_poll;
    QTabWidget *m_sections = nullptr;
    QTableView *m_previewTable = nullptr;
    QLabel *m_previewStatus = nullptr;
    QPlainTextEdit *m_ddl = nullptr;
    QLabel *m_rows = nullptr;
    QLabel *m_earliest = nullptr;
    QLabel *m_latest = nullptr;
    QLabel *m_average = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_status = nullptr;            // materialized views: proton.MVStatus
    QToolButton *m_pause = nullptr;  // materialized views: pause / resume
    QToolButton *m_resume = nullptr;
    Sparkline *m_live = nullptr;
    Sparkline *m_hourly = nullptr;
};

} // namespace tideline::ui
