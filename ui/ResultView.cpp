#include "ui/ResultView.h"
#include <QAction>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ResultModel.h"
#include "models/ResultRecorder.h"
#include "ui/Icons.h"
#include "ui/ResultCellDelegate.h"
#include "ui/RowNumberHeader.h"
#include "ui/RowInspector.h"

namespace tideline::ui {

namespace {

QString elapsedText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3").arg(s / 3600, 2, 10, QLatin1Char('0')).arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QToolButton *ResultView::makeButton(const QString &name, const QString &text, int icon, const QString &tip)
{
    auto *b = new QToolButton(this);
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setIcon(tintedIcon(this, QStyle::StandardPixmap(icon)));
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    return b;
}

ResultView::ResultView(models::ResultModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_table(new QTableView(this)), m_inspector(new RowInspector(this)),
      m_recorder(new models::ResultRecorder(this))
{
    setObjectName(QStringLiteral("resultView"));
    m_table->setObjectName(QStringLiteral("resultTable"));
    m_table->setVerticalHeader(new RowNumberHeader(m_table));
    m_table->setItemDelegate(new ResultCellDelegate(m_table));
    m_table->setModel(model);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setDefaultSectionSize(160);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_inspector->setModel(model);
    m_inspector->setVisible(false);

    m_pause = makeButton(QStringLiteral("pauseButton"), tr("Pause"), QStyle::SP_MediaPause, tr("Freeze the grid; the query keeps running (Ctrl+P)"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("resultFilter"));
    m_filter->setPlaceholderText(tr("Filter rows…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(220);
    auto *copy = makeButton(QStringLiteral("copyButton"), tr("Copy"), QStyle::SP_FileDialogContentsView,
                            tr("Copy the selected rows as tab-separated text (Ctrl+C)"));
    m_inspect = makeButton(QStringLiteral("inspectButton"), tr("Inspect"), QStyle::SP_FileDialogInfoView,
                           tr("Show every value of the current row, JSON pretty-printed (double-click a row)"));
    m_inspect->setCheckable(true);
    m_record = makeButton(QStringLiteral("recordButton"), tr("Record"), QStyle::SP_DialogSaveButton,
                          tr("Write every row of the running query to a CSV or JSON-lines file"));
    m_record->setCheckable(true);
    m_record->setEnabled(false);
    auto *csv = makeButton(QStringLiteral("exportCsvButton"), tr("CSV"), QStyle::SP_DialogSaveButton, tr("Export the rows shown as CSV"));
    auto *json = makeButton(QStringLiteral("exportJsonButton"), tr("JSON"), QStyle::SP_DialogSaveButton, tr("Export the rows shown as JSON"));
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("countersLabel"));
    m_counters->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_recordLabel = new QLabel(this);
    m_recordLabel->setObjectName(QStringLiteral("recordLabel"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->setSpacing(2);
    bar->addWidget(m_counters, 1);
    bar->addWidget(m_recordLabel);
    bar->addWidget(m_filter);
    for (QToolButton *b : {m_pause, copy, m_inspect, m_record, csv, json})
        bar->addWidget(b);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("resultSplitter"));
    m_split->addWidget(m_table);
    m_split->addWidget(m_inspector);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_split, 1);
    layout->addLayout(bar);

    connectSignals(copy, csv, json);
    updateCounters();
}

void ResultView::connectSignals(QToolButton *copy, QToolButton *csv, QToolButton *json)
{
    connect(m_pause, &QToolButton::toggled, this, [this](bool on) {
        m_model->setPaused(on);
        m_pause->setText(on ? tr("Resume") : tr("Pause"));
        m_pause->setIcon(tintedIcon(this, on ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    });
    connect(m_filter, &QLineEdit::textChanged, m_model, &models::ResultModel::setFilter);
    connect(csv, &QToolButton::clicked, this, [this] { exportWithDialog(ExportFormat::Csv); });
    connect(json, &QToolButton::clicked, this, [this] { exportWithDialog(ExportFormat::Json); });
    connect(copy, &QToolButton::clicked, this, &ResultView::copySelection);
    auto *copyAction = new QAction(tr("Copy rows"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &ResultView::copySelection);
    m_table->addAction(copyAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_inspect, &QToolButton::toggled, this, &ResultView::setInspectorVisible);
    connect(m_inspector, &RowInspector::closeRequested, this, [this] { setInspectorVisible(false); });
    connect(m_inspector, &RowInspector::rowRequested, this, [this](int row) { m_table->selectRow(row); });
    connect(m_table, &QTableView::doubleClicked, this, [this] { setInspectorVisible(true); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (m_inspector->isVisible())
            m_inspector->showRow(current.row());
    });
    connect(m_model, &QAbstractItemModel::modelReset, m_inspector, [this] { m_inspector->showRow(-1); });
    connect(m_record, &QToolButton::clicked, this, &ResultView::toggleRecording);
    connect(m_recorder, &models::ResultRecorder::progress, this, &ResultView::updateRecordState);
    connect(m_recorder, &models::ResultRecorder::recordingChanged, this, &ResultView::updateRecordState);
    connect(m_recorder, &models::ResultRecorder::finished, this, [this](qint64 rows, const QString &error) {
        Q_EMIT message(error.isEmpty() ? tr("Recorded %1 rows to %2").arg(QLocale().toString(rows), m_recorder->path())
                                       : tr("Recording to %1 failed: %2").arg(m_recorder->path(), error));
        updateRecordState();
    });
    connect(m_model, &models::ResultModel::countersChanged, this, &ResultView::updateCounters);
    connect(m_model, &models::ResultModel::runningChanged, this, [this](bool running) {
        if (running && m_pause->isChecked())
            m_pause->setChecked(false);
        updateRecordState();
    });
    // Follow the newest rows only while the user has not scrolled up to read older ones.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        m_follow = v >= m_table->verticalScrollBar()->maximum() - 1;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { if (m_follow) m_table->scrollToBottom(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { if (m_follow) m_table->scrollToBottom(); });
}

void ResultView::setQuery(client::QueryHandle *handle)
{
    m_handle = handle;
    updateRecordState();
}

QString ResultView::countersText() const
{
    const QLocale locale;
    QString text = tr("%1 rows · %2 ev/s · %3")
                       .arg(locale.toString(m_model->rowsReceived()), locale.toString(qRound64(m_model->eventsPerSecond())),
                            elapsedText(m_model->elapsedMs()));
    if (m_model->bufferedRows() < m_model->rowsReceived())
        text += tr(" · newest %1 kept").arg(locale.toString(m_model->bufferedRows()));
    if (m_model->isPaused())
        text += tr(" · paused, %1 new").arg(locale.toString(m_model->rowsWhilePaused()));
    if (!m_model->filter().isEmpty())
        text += tr(" · %1 match").arg(locale.toString(m_model->rowCount()));
    return text;
}

void ResultView::updateCounters()
{
    m_counters->setText(countersText());
}

void ResultView::copySelection()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows.append(m_table->currentIndex().row());
    std::sort(rows.begin(), rows.end());
    if (rows.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_model->rowsAsText(rows));
    Q_EMIT message(tr("Copied %n row(s)", nullptr, int(rows.size())));
}

void ResultView::setInspectorVisible(bool visible)
{
    m_inspector->setVisible(visible);
    if (m_inspect->isChecked() != visible)
        m_inspect->setChecked(visible);
    if (visible) {
        if (m_split->sizes().value(1) < 200)
            m_split->setSizes({std::max(200, m_split->width() - 360), 360});
        m_inspector->showRow(m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1);
    }
}

void ResultView::toggleRecording(bool on)
{
    if (!on) {
        m_recorder->stop();
        return;
    }
    QString path;
    if (m_recordPathProvider)
        path = m_recordPathProvider();
    else
        path = QFileDialog::getSaveFileName(this, tr("Record rows to file"), QStringLiteral("recording.csv"),
                                            tr("CSV files (*.csv);;JSON lines (*.jsonl *.ndjson)"));
    if (path.isEmpty() || !m_recorder->start(m_handle, path, models::ResultRecorder::formatForPath(path))) {
        if (!path.isEmpty())
            Q_EMIT message(tr("Cannot record to %1: %2").arg(path, m_recorder->errorString()));
        updateRecordState();
        return;
    }
    Q_EMIT message(tr("Recording every row to %1").arg(path));
}

void ResultView::updateRecordState()
{
    const bool recording = m_recorder->isRecording();
    m_record->setChecked(recording);
    m_record->setEnabled(recording || (m_handle && m_model->isRunning()));
    m_record->setText(recording ? tr("Stop recording") : tr("Record"));
    if (!recording && m_recorder->path().isEmpty()) {
        m_recordLabel->clear();
        return;
    }
    const QString rows = QLocale().toString(m_recorder->rowsWritten());
    const QString file = QFileInfo(m_recorder->path()).fileName();
    // Red dot and text while recording: a file growing on disk must never go unnoticed.
    m_recordLabel->setText(recording ? tr("<span style='color:#e53935'>● REC</span> %1 rows → %2").arg(rows, file)
                                     : tr("recorded %1 rows → %2").arg(rows, file));
    m_recordLabel->setToolTip(m_recorder->path());
}

bool ResultView::exportTo(const QString &path, ExportFormat format)
{
    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok)
        ok = format == ExportFormat::Csv ? m_model->writeCsv(&file) : m_model->writeJson(&file);
    ok = ok && file.commit();
    Q_EMIT message(ok ? tr("Exported %1 rows to %2").arg(QLocale().toString(m_model->rowCount()), path)
                      : tr("Could not export to %1: %2").arg(path, file.errorString()));
    return ok;
}

void ResultView::exportWithDialog(ExportFormat format)
{
    QString path;
    if (m_pathProvider) {
        path = m_pathProvider(format);
    } else {
        const bool csv = format == ExportFormat::Csv;
        path = QFileDialog::getSaveFileName(this, tr("Export results"), csv ? QStringLiteral("results.csv") : QStringLiteral("results.json"),
                                            csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    }
    if (!path.isEmpty())
        exportTo(path, format);
}

} // namespace tideline::ui
