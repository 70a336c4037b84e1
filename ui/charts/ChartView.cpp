#include "ui/charts/ChartView.h"
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>
#include "models/ChartData.h"
#include "ui/charts/MarkdownChart.h"
#include "ui/charts/TableChart.h"
#include "ui/charts/ValueTiles.h"
#include "ui/charts/XYChart.h"

namespace tideline::ui::charts {

using models::ChartType;

ChartView::ChartView(models::ChartData *data, QWidget *parent)
    : QWidget(parent), m_data(data), m_stack(new QStackedWidget(this)), m_xy(new XYChart), m_tiles(new ValueTiles),
      m_table(new TableChart), m_markdown(new MarkdownChart), m_notice(new QLabel)
{
    setObjectName(QStringLiteral("chartView"));
    m_notice->setObjectName(QStringLiteral("chartNotice"));
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setWordWrap(true);
    for (QWidget *w : {static_cast<QWidget *>(m_xy), static_cast<QWidget *>(m_tiles), static_cast<QWidget *>(m_table),
                       static_cast<QWidget *>(m_markdown), static_cast<QWidget *>(m_notice)})
        m_stack->addWidget(w);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    connect(m_data, &models::ChartData::changed, this, &ChartView::redraw);
    redraw();
}

QWidget *ChartView::currentRenderer() const
{
    return m_stack->currentWidget();
}

void ChartView::redraw()
{
    ++m_redraws;
    const ChartType type = m_data->config().type();
    const QString reason = m_data->columns().isEmpty() && type != ChartType::Markdown
        ? tr("Run a query to see its chart.")
        : models::ChartConfig::unsupportedReason(type, m_data->columns());
    if (!reason.isEmpty()) {
        m_notice->setText(tr("%1 chart: %2").arg(models::ChartConfig::typeName(type), reason));
        m_stack->setCurrentWidget(m_notice);
        return;
    }
    switch (type) {
    case ChartType::Line:
    case ChartType::Area:
    case ChartType::Bar:
    case ChartType::Column:
        m_stack->setCurrentWidget(m_xy);
        m_xy->redraw(*m_data);
        break;
    case ChartType::SingleValue:
    case ChartType::MultipleValue:
        m_stack->setCurrentWidget(m_tiles);
        m_tiles->redraw(*m_data);
        break;
    case ChartType::Table:
        m_stack->setCurrentWidget(m_table);
        m_table->redraw(*m_data);
        break;
    case ChartType::Markdown:
        m_stack->setCurrentWidget(m_markdown);
        m_markdown->redraw(m_data);
        break;
    }
}

} // namespace tideline::ui::charts
