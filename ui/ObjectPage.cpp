#include "ui/ObjectPage.h"
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ObjectDetails.h"
#include "models/ObjectTreeModel.h"
#include "models/ResultModel.h"
#include "models/SchemaModel.h"
#include "ui/ResultCellDelegate.h"
#include "ui/RowNumberHeader.h"
#include "ui/Sparkline.h"

namespace tideline::ui {

using client::Resource;
using models::ObjectDetails;
using models::ObjectTreeModel;

namespace {

constexpr int kPreviewRows = 100;

// Times in the user's zone, UTC on hover (WORKBENCH.md principle 7).
void showTime(QLabel *label, const QDateTime &utc)
{
    if (!utc.isValid()) {
        label->setText(QObject::tr("–"));
        label->setToolTip(QObject::tr("no events yet"));
        return;
    }
    label->setText(QLocale().toString(utc.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    label->setToolTip(utc.toString(Qt::ISODateWithMs));
}

QToolButton *button(QWidget *parent, const QString &text, const char *name, const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(QString::fromLatin1(name));
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

ObjectPage::ObjectPage(client::WorkspaceClient *client, Resource resource, const QString &name,
                       const QString &database, const QJsonObject &object, QWidget *parent)
    : QWidget(parent), m_details(new ObjectDetails(client, resource, name, database, object, this))
{
    setObjectName(QStringLiteral("objectPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(10);
    layout->addWidget(createHeader());
    if (m_details->hasStats())
        layout->addWidget(createStats());
    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("objectSections"));
    m_sections->setDocumentMode(true);
    if (m_details->hasData()) {
        m_sections->addTab(createPreview(), tr("Preview"));
        m_sections->addTab(createSchema(), tr("Schema"));
    }
    m_sections->addTab(createDdl(), m_details->hasData() ? tr("DDL") : tr("Definition"));
    layout->addWidget(m_sections, 1);

    setRefreshInterval(2000);
    connect(&m_poll, &QTimer::timeout, m_details, &ObjectDetails::refreshStats);
    connect(m_details, &ObjectDetails::statsChanged, this, &ObjectPage::showStats);
    connect(m_details, &ObjectDetails::ddlChanged, this, [this] { m_ddl->setPlainText(m_details->ddl()); });
    connect(m_details, &ObjectDetails::failed, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->setVisible(!message.isEmpty());
    });
    m_details->loadDdl();
    m_details->loadPreview(kPreviewRows);
    m_ddl->setPlainText(m_details->ddl());
}

QString ObjectPage::pageKey(Resource resource, const QString &database, const QString &name)
{
    return QStringLiteral("%1/%2/%3").arg(int(resource)).arg(database, name);
}

QString ObjectPage::pageKey() const
{
    return pageKey(m_details->resource(), m_details->database(), m_details->name());
}

QWidget *ObjectPage::createHeader()
{
    auto *header = new QWidget(this);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(m_details->name(), header);
    title->setObjectName(QStringLiteral("objectTitle"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QString kind = ObjectTreeModel::kindName(m_details->resource());
    if (!m_details->database().isEmpty())
        kind += QStringLiteral(" · ") + m_details->database();
    const QString description = m_details->object().value(QStringLiteral("description")).toString();
    auto *subtitle = new QLabel(description.isEmpty() ? kind : kind + QStringLiteral(" · ") + description, header);
    subtitle->setObjectName(QStringLiteral("objectKind"));
    subtitle->setForegroundRole(QPalette::PlaceholderText);
    row->addWidget(title);
    row->addSpacing(8);
    row->addWidget(subtitle, 0, Qt::AlignBottom);
    row->addStretch(1);
    const QString qualified = m_details->qualifiedName();
    if (m_details->hasData()) {
        auto *query = button(header, tr("▶ Query"), "objectQueryButton", tr("Open a tab with a live query of %1").arg(qualified));
        connect(query, &QToolButton::clicked, this, [this, qualified] {
            Q_EMIT queryRequested(ObjectDetails::querySql(m_details->resource(), qualified), m_details->name());
        });
        row->addWidget(query);
        if (m_details->resource() != Resource::ExternalTable) {
            auto *history = button(header, tr("Query stored rows"), "objectQueryTableButton", tr("table(%1): what is stored, then finish").arg(qualified));
            connect(history, &QToolButton::clicked, this, [this, qualified] {
                Q_EMIT queryRequested(ObjectDetails::querySql(m_details->resource(), qualified, true), m_details->name());
            });
            row->addWidget(history);
        }
    }
    const Resource r = m_details->resource();
    if (r == Resource::MaterializedView) {
        m_pause = button(header, tr("⏸ Pause"), "objectPauseButton", tr("Stop reading its sources; Resume continues where it stopped"));
        m_resume = button(header, tr("▶ Resume"), "objectResumeButton", tr("Continue from where it was paused"));
        m_pause->setEnabled(false); // until the first stats answer says which applies
        m_resume->setEnabled(false);
        connect(m_pause, &QToolButton::clicked, m_details, [this] { m_pause->setEnabled(false); m_details->setPaused(true); });
        connect(m_resume, &QToolButton::clicked, m_details, [this] { m_resume->setEnabled(false); m_details->setPaused(false); });
        row->addWidget(m_pause);
        row->addWidget(m_resume);
    }
    if (r == Resource::Stream || r == Resource::View || r == Resource::MaterializedView || r == Resource::Sink || r == Resource::Udf) {
        auto *edit = button(header, tr("✎ Edit…"), "objectEditButton", tr("Open the form of this %1").arg(ObjectTreeModel::kindName(r)));
        connect(edit, &QToolButton::clicked, this, [this] { Q_EMIT editRequested(m_details->resource(), m_details->object()); });
        row->addWidget(edit);
    }
    auto *refresh = button(header, tr("⟳ Refresh"), "objectRefreshButton", tr("Reload the definition, stats and preview"));
    connect(refresh, &QToolButton::clicked, this, &ObjectPage::refresh);
    row->addWidget(refresh);
    return header;
}

QLabel *ObjectPage::addCard(QWidget *row, const QString &title, const char *objectName)
{
    auto *card = new QWidget(row);
    auto *v = new QVBoxLayout(card);
    v->setContentsMargins(0, 0, 12, 0);
    v->setSpacing(2);
    auto *caption = new QLabel(title, card);
    caption->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(tr("–"), card);
    value->setObjectName(QString::fromLatin1(objectName));
    QFont f = value->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    value->setFont(f);
    v->addWidget(caption);
    v->addWidget(value);
    static_cast<QHBoxLayout *>(row->layout())->addWidget(card);
    return value;
}

QWidget *ObjectPage::createStats()
{
    auto *box = new QWidget(this);
    box->setObjectName(QStringLiteral("objectStats"));
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    auto *cards = new QWidget(box);
    new QHBoxLayout(cards);
    cards->layout()->setContentsMargins(0, 0, 0, 0);
    m_rows = addCard(cards, tr("Rows"), "statsRows");
    m_earliest = addCard(cards, tr("Earliest event"), "statsEarliest");
    m_latest = addCard(cards, tr("Latest event"), "statsLatest");
    m_average = addCard(cards, tr("Written / read (30 min avg)"), "statsAverage");
    if (m_details->resource() == Resource::MaterializedView)
        m_status = addCard(cards, tr("Status"), "statsStatus");
    static_cast<QHBoxLayout *>(cards->layout())->addStretch(1);
    v->addWidget(cards);
    auto *charts = new QHBoxLayout;
    m_live = new Sparkline(box);
    m_live->setObjectName(QStringLiteral("liveSparkline"));
    m_hourly = new Sparkline(box);
    m_hourly->setObjectName(QStringLiteral("hourlySparkline"));
    m_hourly->setCaption(tr("events/s, hourly, last 24 h"));
    m_hourly->setPlaceholder(tr("no traffic recorded in the last day"));
    charts->addWidget(m_live, 3);
    charts->addWidget(m_hourly, 2);
    v->addLayout(charts);
    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("objectError"));
    m_error->setStyleSheet(QStringLiteral("color: #e53935"));
    m_error->setWordWrap(true);
    m_error->hide();
    v->addWidget(m_error);
    return box;
}

QWidget *ObjectPage::createPreview()
{
    auto *panel = new QWidget(this);
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(0, 6, 0, 0);
    m_previewStatus = new QLabel(panel);
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    m_previewStatus->setForegroundRole(QPalette::PlaceholderText);
    m_previewTable = new QTableView(panel);
    m_previewTable->setObjectName(QStringLiteral("previewTable"));
    m_previewTable->setVerticalHeader(new RowNumberHeader(m_previewTable)); // a live ring, as the result grid
    m_previewTable->setItemDelegate(new ResultCellDelegate(m_previewTable));
    m_previewTable->setModel(m_details->preview());
    m_previewTable->verticalHeader()->setDefaultSectionSize(m_previewTable->fontMetrics().height() + 6);
    m_previewTable->horizontalHeader()->setMaximumSectionSize(360);
    m_previewTable->setWordWrap(false);
    v->addWidget(m_previewStatus);
    v->addWidget(m_previewTable, 1);
    connect(m_details->preview(), &models::ResultModel::countersChanged, this, &ObjectPage::updatePreviewStatus);
    connect(m_details->preview(), &models::ResultModel::runningChanged, this, [this](bool running) {
        updatePreviewStatus();
        if (!running) // the rows are all there: fit the columns once (capped, long JSON stays elided)
            m_previewTable->resizeColumnsToContents();
    });
    updatePreviewStatus();
    return panel;
}

void ObjectPage::updatePreviewStatus()
{
    const models::ResultModel *m = m_details->preview();
    const QString sql = ObjectDetails::previewSql(m_details->resource(), m_details->qualifiedName(), kPreviewRows);
    if (m->isRunning())
        m_previewStatus->setText(tr("Loading the newest rows… (%1)").arg(sql));
    else
        m_previewStatus->setText(tr("%1 newest rows · %2").arg(QLocale().toString(m->rowCount())).arg(sql));
}

QWidget *ObjectPage::createSchema()
{
    auto *table = new QTableView(this);
    table->setObjectName(QStringLiteral("schemaTable"));
    table->setModel(m_details->schema());
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setColumnWidth(models::SchemaModel::Name, 200);
    table->setColumnWidth(models::SchemaModel::Type, 240);
    table->setColumnWidth(models::SchemaModel::Default, 200);
    return table;
}

QWidget *ObjectPage::createDdl()
{
    m_ddl = new QPlainTextEdit(this);
    m_ddl->setObjectName(QStringLiteral("ddlText"));
    m_ddl->setReadOnly(true);
    m_ddl->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ddl->setPlaceholderText(tr("Loading…"));
    return m_ddl;
}

void ObjectPage::showStats()
{
    if (!m_rows)
        return;
    const ObjectDetails::Stats &s = m_details->stats();
    QLocale locale;
    m_rows->setText(locale.toString(s.rowCount));
    m_rows->setToolTip(tr("%1 bytes stored").arg(locale.toString(s.bytes)));
    showTime(m_earliest, s.earliest);
    showTime(m_latest, s.latest);
    m_average->setText(tr("%1 / %2 ev/s").arg(locale.toString(s.writtenEps, 'f', 1), locale.toString(s.readEps, 'f', 1)));
    m_live->setValues(m_details->liveRates());
    m_hourly->setValues(m_details->hourlyRates());
    m_error->hide();
    if (m_status) {
        const bool paused = s.status == QLatin1String("Paused");
        const bool running = s.status == QLatin1String("ExecutingPipeline");
        m_status->setText(running ? tr("● running") : paused ? tr("⏸ paused") : s.status.isEmpty() ? tr("–") : s.status);
        m_status->setToolTip(s.statusError.isEmpty() ? s.status : s.statusError);
        m_status->setStyleSheet(running ? QStringLiteral("color: #2e9d4f") : paused ? QStringLiteral("color: #e0a100") : QStringLiteral("color: #e53935"));
        m_pause->setEnabled(!paused);
        m_resume->setEnabled(paused);
        if (!s.statusError.isEmpty()) {
            m_error->setText(tr("Stopped: %1").arg(s.statusError));
            m_error->show();
        }
    }
}

void ObjectPage::setRefreshInterval(int msecs)
{
    m_poll.setInterval(msecs);
    if (m_live)
        m_live->setCaption(tr("events/s, live (every %1 s)").arg(QLocale().toString(msecs / 1000.0, 'g', 2)));
}

void ObjectPage::showDdl()
{
    m_sections->setCurrentWidget(m_ddl);
}

void ObjectPage::refresh()
{
    m_details->reloadObject();
    m_details->loadDdl();
    m_details->refreshStats();
    m_details->loadPreview(kPreviewRows);
}

void ObjectPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_details->hasStats()) {
        m_details->refreshStats();
        m_poll.start();
    }
}

void ObjectPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll.stop();
}

} // namespace tideline::ui
