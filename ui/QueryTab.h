#pragma once
// One SQL document: the editor, its run bar (Run, Run script, Stop, Format), the results of its
// last run (ResultView) and a Messages line with the engine's code and message on failure.
// Starting a run supersedes (cancels) the previous one; closing the tab cancels its query
// (the handle is a child of the tab). Every run is recorded in the HistoryModel if one is set.
#include <QPointer>
#include <QWidget>
#include "ui/SqlEditor.h"

class QLabel;
class QToolButton;

namespace tideline::client {
class QueryHandle;
class WorkspaceClient;
}
namespace tideline::models {
class HistoryModel;
class ResultModel;
}

namespace tideline::ui {

class ResultView;

class QueryTab : public QWidget {
    Q_OBJECT
public:
    QueryTab(client::WorkspaceClient *client, models::HistoryModel *history, QWidget *parent = nullptr);

    SqlEditor *editor() const { return m_editor; }
    ResultView *resultView() const { return m_results; }
    models::ResultModel *resultModel() const { return m_model; }
    bool isRunning() const;

    void run(const SqlEditor::Statement &statement);
    void runCurrent() { run(m_editor->currentStatement()); }
    void runScript() { run(m_editor->wholeScript()); }
    void cancel();
    void formatSql();

Q_SIGNALS:
    void runningChanged(bool running);
    void message(const QString &text);

private:
    void finishRun(const QString &status, const QString &error);
    void setMessage(const QString &text, bool error);

    client::WorkspaceClient *m_client;
    models::HistoryModel *m_history;
    models::ResultModel *m_model;
    SqlEditor *m_editor;
    ResultView *m_results;
    QLabel *m_messages;
    QToolButton *m_run;
    QToolButton *m_stop;
    QPointer<client::QueryHandle> m_handle;
    bool m_active = false;
    int m_statementOffset = 0;
    qint64 m_historyId = 0;
    quint64 m_formatRequest = 0;
};

} // namespace tideline::ui
