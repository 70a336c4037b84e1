#include "ui/QueryTab.h"
#include <QAction>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLineEdit>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include "client/WorkspaceClient.h"
#include "models/CompletionModel.h"
#include "models/HistoryModel.h"
#include "models/ResultModel.h"
#include "ui/AnalyzePanel.h"
#include "ui/Icons.h"
#include "ui/ResultView.h"
#include "ui/VariablesBar.h"
#include "ui/PipelineView.h"
#include "ui/charts/ChartPane.h"

namespace tideline::ui {

namespace {

QToolButton *runBarButton(const QString &name, const QString &text, const QString &tip, QStyle::StandardPixmap icon, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setIcon(tintedIcon(parent, icon));
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    return b;
}

} // namespace

QueryTab::QueryTab(client::WorkspaceClient *client, models::HistoryModel *history, QWidget *parent)
    : QWidget(parent), m_client(client), m_history(history), m_model(new models::ResultModel(this)),
      m_editor(new SqlEditor(this)), m_results(new ResultView(m_model, this)), m_messages(new QLabel(this)),
      m_completion(new models::CompletionModel(this)), m_analyze(new AnalyzePanel(this)), m_variables(new VariablesBar(this))
{
    setObjectName(QStringLiteral("queryTab"));
    m_editor->setCompletionModel(m_completion);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("querySplitter"));
    splitter->addWidget(createEditorPane());
    // Grid and Chart views of the same run. The chart follows the query only while its view is
    // shown, so a tab that is never charted pays nothing for it.
    m_resultTabs = new QTabWidget(this);
    m_resultTabs->setObjectName(QStringLiteral("resultTabs"));
    m_resultTabs->setDocumentMode(true);
    m_resultTabs->setTabPosition(QTabWidget::South);
    m_resultTabs->addTab(m_results, tr("Grid"));
    m_chart = new charts::ChartPane(this);
    m_resultTabs->addTab(m_chart, tr("Chart"));
    m_pipeline = new PipelineView(client, this);
    m_resultTabs->addTab(m_pipeline, tr("Pipeline"));
    connect(m_resultTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_resultTabs->currentWidget() == m_chart && m_handle)
            m_chart->attach(m_handle);
    });
    splitter->addWidget(m_resultTabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_editor, &SqlEditor::runRequested, this, [this](const SqlEditor::Statement &s) {
        if (s.offset == 0 && s.sql == m_editor->toPlainText() && SqlEditor::splitStatements(s.sql).size() > 1)
            runScript(); // Ctrl+Shift+Enter: the whole script, statement by statement
        else
            run(s);
    });
    connect(m_editor, &SqlEditor::cancelRequested, this, &QueryTab::cancel);
    connect(m_results, &ResultView::message, this, [this](const QString &t) { setMessage(t, false); });
    connect(m_analyze, &AnalyzePanel::refreshRequested, this, &QueryTab::analyze);
    connect(m_analyze, &AnalyzePanel::closeRequested, m_analyze, &QWidget::hide);
    connect(m_variables, &VariablesBar::runRequested, this, &QueryTab::runCurrent);
    // Variables follow the text, but not on every keystroke: the boxes are rebuilt at a pause.
    m_variablesTimer.setSingleShot(true);
    m_variablesTimer.setInterval(150);
    connect(&m_variablesTimer, &QTimer::timeout, this, [this] {
        m_variables->setNames(models::QueryVariables::names(m_editor->toPlainText()));
    });
    connect(m_editor, &QPlainTextEdit::textChanged, &m_variablesTimer, qOverload<>(&QTimer::start));
}

QWidget *QueryTab::createEditorPane()
{
    m_run = runBarButton(QStringLiteral("runButton"), tr("Run"), tr("Run the statement at the cursor or the selection (Ctrl+Enter)"),
                         QStyle::SP_MediaPlay, this);
    auto *script = runBarButton(QStringLiteral("runScriptButton"), tr("Run script"),
                                tr("Run every statement, one after another (Ctrl+Shift+Enter)"), QStyle::SP_MediaSeekForward, this);
    m_stop = runBarButton(QStringLiteral("stopButton"), tr("Stop"), tr("Cancel the running query (Esc)"), QStyle::SP_MediaStop, this);
    m_stop->setEnabled(false);
    auto *format = runBarButton(QStringLiteral("formatButton"), tr("Format"), tr("Format the SQL (Ctrl+Shift+F)"),
                                QStyle::SP_FileDialogDetailedView, this);
    auto *analyze = runBarButton(QStringLiteral("analyzeButton"), tr("Analyze"),
                                 tr("Streaming or bounded, aggregation, columns of the statement at the cursor (Ctrl+Shift+A)"),
                                 QStyle::SP_FileDialogContentsView, this);
    auto *analyzeAction = new QAction(this);
    analyzeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    analyzeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(analyzeAction);
    m_messages->setObjectName(QStringLiteral("messagesLabel"));
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messages->setWordWrap(false);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    for (QToolButton *b : {m_run, script, m_stop, format, analyze})
        bar->addWidget(b);
    bar->addSpacing(12);
    bar->addWidget(m_messages, 1);

    m_editorSplit = new QSplitter(Qt::Horizontal, this);
    m_editorSplit->setObjectName(QStringLiteral("editorSplitter"));
    m_editorSplit->addWidget(m_editor);
    m_editorSplit->addWidget(m_analyze);
    m_editorSplit->setStretchFactor(0, 3);
    m_editorSplit->setStretchFactor(1, 1);
    m_analyze->hide();

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_editorSplit, 1);
    topLayout->addLayout(bar);
    topLayout->addWidget(m_variables);

    connect(m_run, &QToolButton::clicked, this, &QueryTab::runCurrent);
    connect(script, &QToolButton::clicked, this, &QueryTab::runScript);
    connect(m_stop, &QToolButton::clicked, this, &QueryTab::cancel);
    connect(format, &QToolButton::clicked, this, &QueryTab::formatSql);
    connect(analyze, &QToolButton::clicked, this, &QueryTab::analyze);
    connect(analyzeAction, &QAction::triggered, this, &QueryTab::analyze);
    return top;
}

void QueryTab::setObjectModel(models::ObjectTreeModel *objects)
{
    m_completion->setObjectModel(objects);
}

bool QueryTab::isRunning() const
{
    // From run() to finished/failed, including before the backend has accepted the query.
    return m_handle && m_active;
}

void QueryTab::run(const SqlEditor::Statement &statement)
{
    m_script.clear(); // a single run ends a script in progress
    m_scriptIndex = 0;
    start(statement);
}

void QueryTab::runScript()
{
    QList<SqlEditor::Statement> statements;
    for (const SqlEditor::Statement &s : SqlEditor::splitStatements(m_editor->toPlainText()))
        if (!s.sql.trimmed().isEmpty())
            statements.append(s);
    if (statements.isEmpty())
        return;
    m_script = statements;
    m_scriptIndex = 0;
    runNextInScript();
}

void QueryTab::runNextInScript()
{
    if (m_scriptIndex >= m_script.size()) {
        m_script.clear();
        m_scriptIndex = 0;
        return;
    }
    const int number = ++m_scriptIndex;
    start(m_script[number - 1]);
    if (isRunning() && m_script.size() > 1)
        setMessage(tr("Statement %1 of %2 running…").arg(number).arg(m_script.size()), false);
}

void QueryTab::start(const SqlEditor::Statement &statement)
{
    const QString sql = statement.sql.trimmed();
    if (sql.isEmpty() || !m_client)
        return;
    m_substitution = models::QueryVariables::substitute(sql, m_variables->values());
    if (!m_substitution.missing.isEmpty()) {
        m_variables->setNames(models::QueryVariables::names(m_editor->toPlainText()));
        setMessage(tr("Set a value for {{%1}}").arg(m_substitution.missing.join(QStringLiteral("}}, {{"))), true);
        if (QLineEdit *input = m_variables->input(m_substitution.missing.first()))
            input->setFocus();
        m_script.clear();
        return;
    }
    if (isRunning()) { // a new run supersedes the previous one
        m_handle->cancel();
        finishRun(QStringLiteral("canceled"), {});
    }
    if (m_handle)
        m_handle->deleteLater();
    m_editor->clearError();
    m_statementOffset = statement.offset + int(statement.sql.indexOf(sql.at(0)));
    m_handle = m_client->runQuery(m_substitution.sql, {}, this);
    m_model->attach(m_handle);
    m_results->setQuery(m_handle);
    m_pipeline->setQuery(m_handle);
    if (m_resultTabs->currentWidget() == m_chart)
        m_chart->attach(m_handle);
    m_historyId = m_history ? m_history->startRun(m_substitution.sql, m_client->description()) : 0;
    setMessage(tr("Running…"), false);
    m_active = true;
    m_stop->setEnabled(true);
    Q_EMIT runningChanged(true);
    client::QueryHandle *handle = m_handle;
    connect(handle, &client::QueryHandle::finished, this, [this, handle](const QJsonObject &query) {
        if (handle != m_handle)
            return;
        const QString status = query.value(QStringLiteral("status")).toString(QStringLiteral("finished"));
        finishRun(status == QLatin1String("canceled") ? status : QStringLiteral("finished"), {});
        if (status != QLatin1String("canceled") && !m_script.isEmpty())
            QTimer::singleShot(0, this, &QueryTab::runNextInScript); // after this handle's signals
    });
    connect(handle, &client::QueryHandle::failed, this, [this, handle](const client::ErrorInfo &error) {
        if (handle != m_handle)
            return;
        if (error.position >= 0)
            m_editor->showError(m_statementOffset + m_substitution.toOriginal(error.position));
        m_script.clear();
        finishRun(QStringLiteral("failed"), tr("Code: %1. %2").arg(error.code).arg(error.message));
    });
}

void QueryTab::cancel()
{
    m_script.clear(); // Stop ends the whole script, not only its current statement
    m_scriptIndex = 0;
    if (!isRunning())
        return;
    m_handle->cancel();
    setMessage(tr("Cancelling…"), false);
}

void QueryTab::finishRun(const QString &status, const QString &error)
{
    if (m_history && m_historyId)
        m_history->finishRun(m_historyId, status, m_model->rowsReceived(), m_model->elapsedMs(), error);
    m_historyId = 0;
    m_active = false;
    m_stop->setEnabled(false);
    if (!error.isEmpty())
        setMessage(error, true);
    else if (status == QLatin1String("canceled"))
        setMessage(tr("Cancelled after %1 rows").arg(QLocale().toString(m_model->rowsReceived())), false);
    else if (m_model->columnCount() == 0)
        setMessage(tr("OK"), false);
    else
        setMessage(tr("Finished: %1 rows").arg(QLocale().toString(m_model->rowsReceived())), false);
    Q_EMIT runningChanged(false);
}

void QueryTab::formatSql()
{
    if (!m_client)
        return;
    const QString sql = m_editor->toPlainText();
    // A later edit or format supersedes this request: the answer is applied only if the text
    // is still the one that was sent.
    const quint64 request = ++m_formatRequest;
    QPointer<QueryTab> self(this);
    m_client->format(sql, [self, request, sql](const client::Reply &reply) {
        if (!self || request != self->m_formatRequest || self->m_editor->toPlainText() != sql)
            return;
        if (!reply.ok) {
            self->setMessage(tr("Format: %1").arg(reply.error.message), true);
            return;
        }
        const QString formatted = reply.value.toObject().value(QStringLiteral("sql")).toString();
        if (formatted.isEmpty())
            return;
        QTextCursor cursor(self->m_editor->document());
        cursor.select(QTextCursor::Document);
        cursor.insertText(formatted); // one undo step
    });
}

void QueryTab::analyze()
{
    if (!m_client)
        return;
    const QString sql = m_editor->currentStatement().sql.trimmed();
    m_analyze->show();
    if (m_editorSplit->sizes().value(1) < 220)
        m_editorSplit->setSizes({std::max(200, m_editorSplit->width() - 340), 340});
    if (sql.isEmpty()) {
        m_analyze->setError(tr("Put the cursor in a statement to analyze it."));
        return;
    }
    m_analyze->setBusy(sql);
    // Variables the user has filled in are substituted, so the analysis is of what would run.
    const QString substituted = models::QueryVariables::substitute(sql, m_variables->values()).sql;
    const quint64 request = ++m_analyzeRequest; // a later Analyze supersedes this one
    QPointer<QueryTab> self(this);
    m_client->analyze(substituted, [self, request](const client::Reply &reply) {
        if (!self || request != self->m_analyzeRequest)
            return;
        if (reply.ok)
            self->m_analyze->setAnalysis(reply.value.toObject());
        else
            self->m_analyze->setError(tr("Code: %1. %2").arg(reply.error.code).arg(reply.error.message));
    });
}

void QueryTab::setMessage(const QString &text, bool error)
{
    m_messages->setText(text);
    m_messages->setToolTip(text);
    QPalette p = m_messages->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xe5, 0x39, 0x35) : palette().color(QPalette::WindowText));
    m_messages->setPalette(p);
    Q_EMIT message(text);
}

void QueryTab::showChart()
{
    m_resultTabs->setCurrentWidget(m_chart);
}

void QueryTab::showPipeline()
{
    m_resultTabs->setCurrentWidget(m_pipeline);
}

} // namespace tideline::ui
