#pragma once
// The "Pipeline" view of a query tab: the running query's operators (models::PipelineModel)
// with rows, bytes, time and rows/s, refreshed about once a second while the view is shown
// and the query runs, then once more when it ends (the final counters). It follows the tab's
// current query handle; before the query has an id it says so.
#include <QPointer>
#include <QWidget>
#include "client/QueryHandle.h"

class QLabel;
class QTableView;

namespace tideline::client {
class WorkspaceClient;
}
namespace tideline::models {
class PipelineModel;
}

namespace tideline::ui {

class PipelineView : public QWidget {
    Q_OBJECT
public:
    explicit PipelineView(client::WorkspaceClient *client, QWidget *parent = nullptr);

    models::PipelineModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    void setQuery(client::QueryHandle *handle);
    void setRefreshInterval(int msecs);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateActive();
    void updateStatus();

    models::PipelineModel *m_model;
    QTableView *m_table;
    QLabel *m_status;
    QPointer<client::QueryHandle> m_handle;
};

} // namespace tideline::ui
