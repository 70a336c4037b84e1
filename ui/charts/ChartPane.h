#pragma once
// The "Chart" view of a query tab: a ChartView over its own ChartData beside the settings form.
// The first result of a query gets a suggested chart; later runs keep the settings (titles,
// ranges, units, ...) and only re-bind columns that the edited SQL no longer has.
#include <QWidget>
#include "models/ChartConfig.h"

namespace tideline::client {
class QueryHandle;
}
namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class ChartSettings;
class ChartView;

class ChartPane : public QWidget {
    Q_OBJECT
public:
    explicit ChartPane(QWidget *parent = nullptr);

    void attach(client::QueryHandle *handle);
    void setConfig(const models::ChartConfig &config);
    models::ChartConfig config() const;
    models::ChartData *data() const { return m_data; }
    ChartView *view() const { return m_view; }
    ChartSettings *settings() const { return m_settings; }

Q_SIGNALS:
    void configChanged(const tideline::models::ChartConfig &config);

private:
    void columnsArrived();

    models::ChartData *m_data;
    ChartView *m_view;
    ChartSettings *m_settings;
    bool m_userConfigured = false;
};

} // namespace tideline::ui::charts
