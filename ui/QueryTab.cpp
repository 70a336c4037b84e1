#include "ui/QueryTab.h"
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include "client/WorkspaceClient.h"
#include "models/HistoryModel.h"
#include "models/ResultModel.h"
#include "ui/Icons.h"
#include "ui/ResultView.h"

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
      m_editor(new SqlEditor(this)), m_results(new ResultView(m_model, this)), m_messages(new QLabel(this))
{
    setObjectName(QStringLiteral("queryTab"));
    m_run = runBarButton(QStringLiteral("runButton"), tr("Run"), tr("Run the statement at the cursor or the selection (Ctrl+Enter)"),
                         QStyle::SP_MediaPlay, this);
    auto *script = runBarButton(QStringLiteral("runScriptButton"), tr("Run script"), tr("Run the whole editor (Ctrl+Shift+Enter)"),
                                QStyle::SP_MediaSeekForward, this);
    m_stop = runBarButton(QStringLiteral("stopButton"), tr("Stop"), tr("Cancel the running query (Esc)"), QStyle::SP_MediaStop, this);
    m_stop->setEnabled(false);
    auto *format = runBarButton(QStringLiteral("formatButton"), tr("Format"), tr("Format the SQL (Ctrl+Shift+F)"),
                                QStyle::SP_FileDialogDetailedView, this);
    m_messages->setObjectName(QStringLiteral("messagesLabel"));
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messages->setWordWrap(false);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    for (QToolButton *b : {m_run, script, m_stop, format})
        bar->addWidget(b);
    bar->addSpacing(12);
    bar->addWidget(m_messages, 1);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_editor, 1);
    topLayout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("querySplitter"));
    splitter->addWidget(top);
    splitter->addWidget(m_results);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_run, &QToolButton::clicked, this, &QueryTab::runCurrent);
    connect(script, &QToolButton::clicked, this, &QueryTab::runScript);
    connect(m_stop, &QToolButton::clicked, this, &QueryTab::cancel);
    connect(format, &QToolButton::clicked, this, &QueryTab::formatSql);
    connect(m_editor, &SqlEditor::runRequested, this, &QueryTab::run);
    connect(m_editor, &SqlEditor::cancelRequested, this, &QueryTab::cancel);
    connect(m_results, &ResultView::message, this, [this](const QString &t) { setMessage(t, false); });
}

bool QueryTab::isRunning() const
{
    // From run() to finished/failed, including before the backend has accepted the query.
    return m_handle && m_active;
}

void QueryTab::run(const SqlEditor::Statement &statement)
{
    const QString sql = statement.sql.trimmed();
    if (sql.isEmpty() || !m_client)
        return;
    if (isRunning()) { // a new run supersedes the previous one
        m_handle->cancel();
        finishRun(QStringLiteral("canceled"), {});
    }
    if (m_handle)
        m_handle->deleteLater();
    m_editor->clearError();
    m_statementOffset = statement.offset + int(statement.sql.indexOf(sql.at(0)));
    m_handle = m_client->runQuery(sql, {}, this);
    m_model->attach(m_handle);
    m_historyId = m_history ? m_history->startRun(sql, m_client->description()) : 0;
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
    });
    connect(handle, &client::QueryHandle::failed, this, [this, handle](const client::ErrorInfo &error) {
        if (handle != m_handle)
            return;
        if (error.position >= 0)
            m_editor->showError(m_statementOffset + error.position);
        finishRun(QStringLiteral("failed"), tr("Code: %1. %2").arg(error.code).arg(error.message));
    });
}

void QueryTab::cancel()
{
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

void QueryTab::setMessage(const QString &text, bool error)
{
    m_messages->setText(text);
    m_messages->setToolTip(text);
    QPalette p = m_messages->palette();
    p.setColor(QPalette::WindowText, error ? QColor(0xe5, 0x39, 0x35) : palette().color(QPalette::WindowText));
    m_messages->setPalette(p);
    Q_EMIT message(text);
}

} // namespace tideline::ui
