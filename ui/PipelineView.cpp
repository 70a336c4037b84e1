#include "ui/PipelineView.h"
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include "models/PipelineModel.h"

namespace tideline::ui {

using models::PipelineModel;

PipelineView::PipelineView(client::WorkspaceClient *client, QWidget *parent)
    : QWidget(parent), m_model(new PipelineModel(client, this)), m_table(new QTableView(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("pipelineView"));
    m_table->setObjectName(QStringLiteral("pipelineTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(PipelineModel::Operator, QHeaderView::Stretch);
    for (int c = PipelineModel::Status; c < PipelineModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, 110);
    m_status->setObjectName(QStringLiteral("pipelineStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    connect(m_model, &PipelineModel::updated, this, &PipelineView::updateStatus);
    connect(m_model, &PipelineModel::failed, this, [this](const QString &m) { m_status->setText(tr("Pipeline not available: %1").arg(m)); });
    updateStatus();
}

void PipelineView::setRefreshInterval(int msecs)
{
    m_model->setInterval(msecs);
}

void PipelineView::setQuery(client::QueryHandle *handle)
{
    if (m_handle)
        disconnect(m_handle, nullptr, this, nullptr);
    m_handle = handle;
    m_model->setQueryId(handle ? handle->id() : QString());
    if (handle) {
        // The id is known once the query is accepted; the last answer after the end holds the final counters.
        connect(handle, &client::QueryHandle::started, this, [this] {
            m_model->setQueryId(m_handle ? m_handle->id() : QString());
            updateActive();
        });
        auto ended = [this] {
            updateActive();
            m_model->refresh();
        };
        connect(handle, &client::QueryHandle::finished, this, ended);
        connect(handle, &client::QueryHandle::failed, this, ended);
    }
    updateActive();
    updateStatus();
}

void PipelineView::updateActive()
{
    m_model->setActive(isVisible() && m_handle && m_handle->isRunning() && !m_model->queryId().isEmpty());
}

void PipelineView::updateStatus()
{
    if (!m_handle) {
        m_status->setText(tr("Run a query to see its operators here."));
        return;
    }
    if (m_model->queryId().isEmpty()) {
        m_status->setText(tr("Waiting for the query to start…"));
        return;
    }
    const QString state = m_handle->isRunning() ? tr("live, refreshed every second") : tr("final counters");
    m_status->setText(tr("Query %1 · %n operators · %2", nullptr, m_model->rowCount()).arg(m_model->queryId(), state));
}

void PipelineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateActive();
    if (m_handle && !m_handle->isRunning())
        m_model->refresh(); // a finished query: its final counters once
}

void PipelineView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateActive();
}

} // namespace tideline::ui
