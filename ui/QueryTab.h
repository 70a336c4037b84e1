#pragma once
// One SQL document: the editor (with autocomplete), its run bar (Run, Run script, Stop, Format,
// Analyze), the `{{variable}}` inputs, the Analyze side panel, the results of its last run
// (ResultView) and a Messages line with the engine's code and message on failure.
// Starting a run supersedes (cancels) the previous one; closing the tab cancels its query
// (the handle is a child of the tab). Run script runs the statements one after another, each
// when the previous one has finished; a failure or Stop ends the script. Variables are
// substituted before a run, and error positions are mapped back to the text as written.
// Every run is recorded in the HistoryModel if one is set.
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include "models/QueryVariables.h"
#include "ui/SqlEditor.h"

class QLabel;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace tideline::client {
class QueryHandle;
class WorkspaceClient;
}
namespace tideline::models {
class CompletionModel;
class HistoryModel;
class ObjectTreeModel;
class ResultModel;
}

namespace tideline::ui {

class AnalyzePanel;
namespace charts {
class ChartPane;
}
class PipelineView;
class ResultView;
class VariablesBar;

class QueryTab : public QWidget {
    Q_OBJECT
public:
    QueryTab(client::WorkspaceClient *client, models::HistoryModel *history, QWidget *parent = nullptr);

    SqlEditor *editor() const { return m_editor; }
    ResultView *resultView() const { return m_results; }
    // The "Chart" view beside the grid (ui/charts/).
    charts::ChartPane *chartPane() const { return m_chart; }
    QTabWidget *resultTabs() const { return m_resultTabs; }
    void showChart(); // switches to the Chart view (and starts charting the running query)
    // The "Pipeline" view: the running query's operators with live counters.
    PipelineView *pipelineView() const { return m_pipeline; }
    void showPipeline();
    models::ResultModel *resultModel() const { return m_model; }
    bool isRunning() const;
    // Completion offers the streams and views (and their columns) of this explorer model.
    void setObjectModel(models::ObjectTreeModel *objects);
    models::CompletionModel *completionModel() const { return m_completion; }
    AnalyzePanel *analyzePanel() const { return m_analyze; }
    VariablesBar *variablesBar() const { return m_variables; }
    int scriptRemaining() const { return int(m_script.size()) - m_scriptIndex; }

    void run(const SqlEditor::Statement &statement);
    void runCurrent() { run(m_editor->currentStatement()); }
    void runScript();
    void cancel();
    void formatSql();
    void analyze(); // the statement at the cursor (or the selection), in the side panel

Q_SIGNALS:
    void runningChanged(bool running);
    void message(const QString &text);

private:
    void start(const SqlEditor::Statement &statement);
    void runNextInScript();
    void finishRun(const QString &status, const QString &error);
    void setMessage(const QString &text, bool error);
    QWidget *createEditorPane();

    client::WorkspaceClient *m_client;
    models::HistoryModel *m_history;
    models::ResultModel *m_model;
    SqlEditor *m_editor;
    ResultView *m_results;
    QTabWidget *m_resultTabs = nullptr;
    charts::ChartPane *m_chart = nullptr;
    PipelineView *m_pipeline = nullptr;
    QLabel *m_messages;
    QToolButton *m_run;
    QToolButton *m_stop;
    models::CompletionModel *m_completion;
    AnalyzePanel *m_analyze;
    VariablesBar *m_variables;
    QSplitter *m_editorSplit = nullptr;
    QTimer m_variablesTimer;
    models::QueryVariables::Substitution m_substitution;
    QList<SqlEditor::Statement> m_script;
    int m_scriptIndex = 0;
    quint64 m_analyzeRequest = 0;
    QPointer<client::QueryHandle> m_handle;
    bool m_active = false;
    int m_statementOffset = 0;
    qint64 m_historyId = 0;
    quint64 m_formatRequest = 0;
};

} // namespace tideline::ui
