#pragma once
// Edits one panel (non-modal): title, and by kind the SQL and chart settings (a chart), the
// text (markdown), or label, variable, kind, static options, options SQL and default (a filter).
// Apply emits applied() with the panel JSON; keys the form does not show are kept.
#include <QDialog>
#include <QJsonObject>
#include "client/QueryHandle.h"

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace tideline::ui::charts {
class ChartSettings;
}

namespace tideline::ui::dashboard {

class PanelEditor : public QDialog {
    Q_OBJECT
public:
    // `columns`: the panel's last result, for the chart bindings (empty when it has not run).
    PanelEditor(const QJsonObject &panel, const QList<client::ColumnInfo> &columns, QWidget *parent = nullptr);
    QJsonObject result() const;
    charts::ChartSettings *chartSettings() const { return m_settings; }

Q_SIGNALS:
    void applied(const QJsonObject &panel);

private:
    QJsonObject m_panel;
    QLineEdit *m_title;
    QPlainTextEdit *m_content; // SQL, markdown, or the options SQL of a filter
    charts::ChartSettings *m_settings = nullptr;
    QLineEdit *m_variable = nullptr;
    QComboBox *m_filterKind = nullptr;
    QLineEdit *m_options = nullptr;
    QLineEdit *m_default = nullptr;
};

} // namespace tideline::ui::dashboard
