#pragma once
// A dashboard document tab: a toolbar (Edit/View, Save, Cancel, add chart/markdown/filter, JSON,
// Fullscreen), the panel grid in a scroll area, and a JSON page to view and edit the whole
// dashboard in the Console's dialect. Filters set `{{filter_*}}` variables; only the panels
// whose SQL uses a changed variable re-run. Saving creates or updates the dashboard through
// WorkspaceClient (asynchronously; a superseded answer is dropped), so it works the same on
// both backends; Cancel returns to the last saved state.
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>
#include "models/DashboardDocument.h"
#include "ui/dashboard/PanelEditor.h"

class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QStackedWidget;
class QToolButton;

namespace tideline::client {
class WorkspaceClient;
}

namespace tideline::ui::dashboard {

class DashboardGrid;

class PanelWidget;

class DashboardTab : public QWidget {
    Q_OBJECT
public:
    DashboardTab(client::WorkspaceClient *client, const QJsonObject &dashboard, QWidget *parent = nullptr);

    const models::DashboardDocument &document() const { return m_document; }
    QString dashboardId() const { return m_document.id(); }
    bool isEditing() const { return m_editing; }
    bool isDirty() const { return !(m_document.toJson() == m_saved.toJson()); }
    QList<PanelWidget *> panels() const { return m_panels; }
    PanelWidget *panelWidget(const QString &panelId) const;
    const QHash<QString, QString> &variables() const { return m_variables; }
    DashboardGrid *grid() const { return m_grid; }
    PanelEditor *panelEditor() const { return m_editor; }
    QPlainTextEdit *jsonEdit() const { return m_json; }

    void setEditing(bool editing);
    void save();
    void cancelEdits();
    // New panels (edit mode); each opens its editor.
    PanelWidget *addChart(const QString &sql = {}, const QJsonObject &vizConfig = {});
    PanelWidget *addMarkdown();
    PanelWidget *addFilter();
    void editPanel(PanelWidget *panel);
    void setVariable(const QString &name, const QString &value);
    void showJson(bool on);
    bool applyJson(); // the JSON page's text replaces the document; false (and a message) if invalid
    void toggleFullscreen();

Q_SIGNALS:
    void openSqlRequested(const QString &sql, const QString &title);
    void saved(const QString &id);
    void titleChanged(const QString &title);
    void message(const QString &text);

private:
    void rebuildPanels();
    PanelWidget *makePanel(const QJsonObject &panel);
    void initVariables();
    QToolButton *toolButton(const char *name, const QString &text, const QString &tip);
    void updateToolbar();

    client::WorkspaceClient *m_client;
    models::DashboardDocument m_document;
    models::DashboardDocument m_saved;
    QHash<QString, QString> m_variables;
    QList<PanelWidget *> m_panels;
    DashboardGrid *m_grid;
    QScrollArea *m_scroll;
    QStackedWidget *m_pages;
    QPlainTextEdit *m_json;
    QLabel *m_status;
    QWidget *m_toolbar;
    QToolButton *m_editButton, *m_saveButton, *m_cancelButton, *m_addChart, *m_addMarkdown, *m_addFilter, *m_jsonButton, *m_applyJson, *m_fullscreen;
    QPointer<PanelEditor> m_editor; // deletes itself on close
    bool m_editing = false;
    quint64 m_saveRequest = 0;
};

} // namespace tideline::ui::dashboard
