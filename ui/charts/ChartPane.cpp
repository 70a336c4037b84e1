#include "ui/charts/ChartPane.h"
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include "models/ChartData.h"
#include "ui/charts/ChartSettings.h"
#include "ui/charts/ChartView.h"

namespace tideline::ui::charts {

ChartPane::ChartPane(QWidget *parent)
    : QWidget(parent), m_data(new models::ChartData(this)), m_view(new ChartView(m_data)), m_settings(new ChartSettings)
{
    setObjectName(QStringLiteral("chartPane"));
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_settings);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(260);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(scroll);
    split->setStretchFactor(0, 1);
    split->setSizes({700, 280});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    connect(m_data, &models::ChartData::columnsChanged, this, &ChartPane::columnsArrived);
    connect(m_settings, &ChartSettings::configChanged, this, [this](const models::ChartConfig &config) {
        m_userConfigured = true;
        m_data->setConfig(config);
        Q_EMIT configChanged(config);
    });
}

void ChartPane::attach(client::QueryHandle *handle)
{
    m_data->attach(handle);
}

void ChartPane::setConfig(const models::ChartConfig &config)
{
    m_userConfigured = true;
    m_data->setConfig(config);
    m_settings->setConfig(config, m_data->columns());
}

models::ChartConfig ChartPane::config() const
{
    return m_data->config();
}

void ChartPane::columnsArrived()
{
    const auto &columns = m_data->columns();
    if (columns.isEmpty())
        return;
    models::ChartConfig config = m_data->config();
    if (!m_userConfigured || config.toJson().isEmpty())
        config = models::ChartConfig::suggest(columns);
    else
        config.rebind(columns); // the SQL changed: keep the format, fix the bindings
    m_data->setConfig(config);
    m_settings->setConfig(config, columns);
}

} // namespace tideline::ui::charts
