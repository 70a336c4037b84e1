#pragma once
// The result pane of a query tab: a QTableView over a ResultModel and a toolbar with
// pause/resume, a keyword filter, copy of the selected rows, the row inspector, record-to-file,
// CSV/JSON export of the buffer and the live counters (rows · events/s · elapsed, plus the rows
// that arrived while paused). Follows the newest rows while the user is at the bottom of the grid.
#include <QPointer>
#include <QWidget>
#include <functional>

class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace tideline::client {
class QueryHandle;
}
namespace tideline::models {
class ResultModel;
class ResultRecorder;
}

namespace tideline::ui {

class RowInspector;

class ResultView : public QWidget {
    Q_OBJECT
public:
    explicit ResultView(models::ResultModel *model, QWidget *parent = nullptr);

    enum class ExportFormat { Csv, Json };
    // Writes the rows shown to `path`; false (and a message) when the file cannot be written.
    bool exportTo(const QString &path, ExportFormat format);
    // Asks where to export (a file dialog by default; tests replace it).
    void setExportPathProvider(std::function<QString(ExportFormat)> provider) { m_pathProvider = std::move(provider); }
    // Record-to-file asks for its path through this (a file dialog by default; tests replace it).
    void setRecordPathProvider(std::function<QString()> provider) { m_recordPathProvider = std::move(provider); }
    QString countersText() const;
    QTableView *table() const { return m_table; }
    RowInspector *inspector() const { return m_inspector; }
    models::ResultRecorder *recorder() const { return m_recorder; }
    // The query whose rows Record writes to a file (the tab's latest run).
    void setQuery(client::QueryHandle *handle);
    void copySelection();
    void setInspectorVisible(bool visible);

Q_SIGNALS:
    void message(const QString &text);

private:
    void updateCounters();
    void exportWithDialog(ExportFormat format);
    void connectSignals(QToolButton *copy, QToolButton *csv, QToolButton *json);
    void toggleRecording(bool on);
    void updateRecordState();
    QToolButton *makeButton(const QString &name, const QString &text, int icon, const QString &tip);

    models::ResultModel *m_model;
    QTableView *m_table;
    QToolButton *m_pause;
    QLineEdit *m_filter;
    QLabel *m_counters;
    QLabel *m_recordLabel;
    QToolButton *m_record;
    QToolButton *m_inspect;
    QSplitter *m_split;
    RowInspector *m_inspector;
    models::ResultRecorder *m_recorder;
    QPointer<client::QueryHandle> m_handle;
    std::function<QString()> m_recordPathProvider;
    bool m_follow = true;
    std::function<QString(ExportFormat)> m_pathProvider;
};

} // namespace tideline::ui
