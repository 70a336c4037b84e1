#pragma once
// One dashboard panel: a header (title, last update on hover, Open SQL; Edit and Remove in edit
// mode) over its body: a live chart (its own ChartData and query), a markdown text, or a filter
// control (text input or selector) that sets a `{{filter_*}}` variable. The header is the drag
// handle and the corner grip resizes, both handled by DashboardGrid in edit mode.
#include <QFrame>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include "client/QueryHandle.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace tideline::client {
class QueryHandle;
class WorkspaceClient;
}
namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {
class ChartView;
class MarkdownChart;
}

namespace tideline::ui::dashboard {

class PanelWidget : public QFrame {
    Q_OBJECT
public:
    PanelWidget(client::WorkspaceClient *client, const QJsonObject &panel, QWidget *parent = nullptr);

    QJsonObject panel() const { return m_panel; }
    QString panelId() const;
    // A new definition; a chart whose SQL or settings changed is re-run with `variables`.
    void setPanel(const QJsonObject &panel, const QHash<QString, QString> &variables);
    // (Re)starts the panel's query with the variables substituted; filters load SQL options.
    void run(const QHash<QString, QString> &variables);
    QStringList variables() const; // the {{names}} the panel's SQL uses
    void setEditMode(bool editing);
    bool isFilter() const;
    QString filterValue() const;

    QWidget *header() const { return m_header; }
    QWidget *resizeGrip() const { return m_grip; }
    models::ChartData *chartData() const { return m_data; }
    charts::ChartView *chartView() const { return m_chart; }
    charts::MarkdownChart *markdownView() const { return m_markdown; }
    client::QueryHandle *query() const { return m_handle; }
    QString runSql() const { return m_runSql; } // the SQL as last run (variables substituted)

Q_SIGNALS:
    void openSqlRequested(const QString &sql, const QString &title);
    void editRequested();
    void removeRequested();
    void filterChanged(const QString &variable, const QString &value);

private:
    void buildBody();
    void buildFilter();
    void loadOptions();
    void markUpdated();

    client::WorkspaceClient *m_client;
    QJsonObject m_panel;
    QWidget *m_header;
    QLabel *m_title;
    QToolButton *m_edit, *m_remove, *m_openSql;
    QWidget *m_grip;
    QWidget *m_body = nullptr;
    models::ChartData *m_data = nullptr;
    charts::ChartView *m_chart = nullptr;
    charts::MarkdownChart *m_markdown = nullptr;
    QLabel *m_notice = nullptr;
    QComboBox *m_selector = nullptr;
    QLineEdit *m_input = nullptr;
    QPointer<client::QueryHandle> m_handle;
    QPointer<client::QueryHandle> m_optionsQuery;
    QString m_runSql;
};

} // namespace tideline::ui::dashboard
