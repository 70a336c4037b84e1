#pragma once
// The result pane of a query tab: a QTableView over a ResultModel and a toolbar with
// pause/resume, a keyword filter, CSV/JSON export and the live counters
// (rows · events/s · elapsed, plus the rows that arrived while paused). Follows the newest
// rows while the user is at the bottom of the grid.
#include <QWidget>
#include <functional>

class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace tideline::models {
class ResultModel;
}

namespace tideline::ui {

class ResultView : public QWidget {
    Q_OBJECT
public:
    explicit ResultView(models::ResultModel *model, QWidget *parent = nullptr);

    enum class ExportFormat { Csv, Json };
    // Writes the rows shown to `path`; false (and a message) when the file cannot be written.
    bool exportTo(const QString &path, ExportFormat format);
    // Asks where to export (a file dialog by default; tests replace it).
    void setExportPathProvider(std::function<QString(ExportFormat)> provider) { m_pathProvider = std::move(provider); }
    QString countersText() const;
    QTableView *table() const { return m_table; }

Q_SIGNALS:
    void message(const QString &text);

private:
    void updateCounters();
    void exportWithDialog(ExportFormat format);

    models::ResultModel *m_model;
    QTableView *m_table;
    QToolButton *m_pause;
    QLineEdit *m_filter;
    QLabel *m_counters;
    bool m_follow = true;
    std::function<QString(ExportFormat)> m_pathProvider;
};

} // namespace tideline::ui
