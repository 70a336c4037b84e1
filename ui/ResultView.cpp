#include "ui/ResultView.h"
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSaveFile>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ResultModel.h"
#include "ui/Icons.h"

namespace tideline::ui {

namespace {

QToolButton *toolButton(const QString &name, const QString &text, QStyle::StandardPixmap icon, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setText(text);
    b->setIcon(tintedIcon(parent, icon));
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    return b;
}

QString elapsedText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3").arg(s / 3600, 2, 10, QLatin1Char('0')).arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ResultView::ResultView(models::ResultModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("resultView"));
    m_table->setObjectName(QStringLiteral("resultTable"));
    m_table->setModel(model);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setDefaultSectionSize(160);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    m_pause = toolButton(QStringLiteral("pauseButton"), tr("Pause"), QStyle::SP_MediaPause, this);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the grid; the query keeps running (Ctrl+P)"));
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("resultFilter"));
    m_filter->setPlaceholderText(tr("Filter rows…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(260);
    auto *csv = toolButton(QStringLiteral("exportCsvButton"), tr("CSV"), QStyle::SP_DialogSaveButton, this);
    csv->setToolTip(tr("Export the rows shown as CSV"));
    auto *json = toolButton(QStringLiteral("exportJsonButton"), tr("JSON"), QStyle::SP_DialogSaveButton, this);
    json->setToolTip(tr("Export the rows shown as JSON"));
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("countersLabel"));
    m_counters->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_counters, 1);
    bar->addWidget(m_filter);
    bar->addWidget(m_pause);
    bar->addWidget(csv);
    bar->addWidget(json);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_table, 1);
    layout->addLayout(bar);

    connect(m_pause, &QToolButton::toggled, this, [this](bool on) {
        m_model->setPaused(on);
        m_pause->setText(on ? tr("Resume") : tr("Pause"));
        m_pause->setIcon(tintedIcon(this, on ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    });
    connect(m_filter, &QLineEdit::textChanged, m_model, &models::ResultModel::setFilter);
    connect(csv, &QToolButton::clicked, this, [this] { exportWithDialog(ExportFormat::Csv); });
    connect(json, &QToolButton::clicked, this, [this] { exportWithDialog(ExportFormat::Json); });
    connect(m_model, &models::ResultModel::countersChanged, this, &ResultView::updateCounters);
    connect(m_model, &models::ResultModel::runningChanged, this, [this](bool running) {
        if (running && m_pause->isChecked())
            m_pause->setChecked(false);
    });
    // Follow the newest rows only while the user has not scrolled up to read older ones.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        m_follow = v >= m_table->verticalScrollBar()->maximum() - 1;
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { if (m_follow) m_table->scrollToBottom(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { if (m_follow) m_table->scrollToBottom(); });
    updateCounters();
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
