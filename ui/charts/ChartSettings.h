#pragma once
// The chart's settings form: type (types that cannot draw the columns are disabled, with the
// reason as tooltip), column bindings, streaming mode and window, and format (title, axis
// titles, y range, decimals, unit, legend, palette, markdown text). Every edit emits
// configChanged() with the whole config; keys the form does not show are kept as they were.
#include <QWidget>
#include "models/ChartConfig.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tideline::ui::charts {

class ChartSettings : public QWidget {
    Q_OBJECT
public:
    explicit ChartSettings(QWidget *parent = nullptr);

    // Fills the form (without emitting configChanged).
    void setConfig(const models::ChartConfig &config, const QList<client::ColumnInfo> &columns);
    models::ChartConfig config() const { return m_config; }

Q_SIGNALS:
    void configChanged(const tideline::models::ChartConfig &config);

private:
    QComboBox *columnCombo(const char *name);
    void fillColumns(QComboBox *combo, const QString &current, bool allowNone);
    void readForm();
    void updateVisibility();

    models::ChartConfig m_config;
    QList<client::ColumnInfo> m_columns;
    bool m_filling = false;
    QComboBox *m_type, *m_x, *m_y, *m_color, *m_mode, *m_key, *m_range, *m_palette;
    QLineEdit *m_title, *m_xTitle, *m_yTitle, *m_yMin, *m_yMax, *m_unit;
    QSpinBox *m_decimals;
    QCheckBox *m_unitPrefix, *m_legend;
    QPlainTextEdit *m_markdown;
    QWidget *m_axisRows[6] = {};
};

} // namespace tideline::ui::charts
