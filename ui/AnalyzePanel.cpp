#include "ui/AnalyzePanel.h"
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tideline::ui {

namespace {

QString yesNo(bool v)
{
    return v ? AnalyzePanel::tr("yes") : AnalyzePanel::tr("no");
}

} // namespace

AnalyzePanel::AnalyzePanel(QWidget *parent)
    : QWidget(parent), m_mode(new QLabel(this)), m_summary(new QLabel(this)), m_columns(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("analyzePanel"));
    auto *title = new QLabel(tr("<b>Analysis</b>"), this);
    auto *refresh = new QToolButton(this);
    refresh->setObjectName(QStringLiteral("analyzeRefreshButton"));
    refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    refresh->setToolTip(tr("Analyze the statement at the cursor again"));
    refresh->setAutoRaise(true);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("analyzeCloseButton"));
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Hide the analysis"));
    close->setAutoRaise(true);
    auto *head = new QHBoxLayout;
    head->addWidget(title, 1);
    head->addWidget(refresh);
    head->addWidget(close);

    // The mode is the one fact that decides how a result behaves (ends or runs forever), so it
    // gets a coloured badge of its own.
    m_mode->setObjectName(QStringLiteral("analyzeMode"));
    m_mode->setAlignment(Qt::AlignCenter);
    m_mode->setMargin(3);
    m_summary->setObjectName(QStringLiteral("analyzeSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_columns->setObjectName(QStringLiteral("analyzeColumns"));
    m_columns->setHeaderLabels({tr("Column"), tr("Type"), tr("Source")});
    m_columns->setRootIsDecorated(true);
    m_columns->setUniformRowHeights(true);
    m_columns->header()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 4, 4);
    layout->addLayout(head);
    layout->addWidget(m_mode);
    layout->addWidget(m_summary);
    layout->addWidget(m_columns, 1);
    connect(refresh, &QToolButton::clicked, this, &AnalyzePanel::refreshRequested);
    connect(close, &QToolButton::clicked, this, &AnalyzePanel::closeRequested);
    setBusy({});
}

void AnalyzePanel::setBusy(const QString &sql)
{
    m_mode->setText(tr("Analyzing…"));
    m_mode->setStyleSheet({});
    m_summary->setText(sql.isEmpty() ? QString() : sql.simplified().left(120));
    m_columns->clear();
}

void AnalyzePanel::setAnalysis(const QJsonObject &a)
{
    const bool streaming = a.value(QStringLiteral("is_streaming")).toBool();
    m_mode->setText(streaming ? tr("Streaming · runs until cancelled") : tr("Bounded · finishes"));
    m_mode->setStyleSheet(streaming ? QStringLiteral("background:#1e88e5;color:white;border-radius:3px;")
                                    : QStringLiteral("background:#43a047;color:white;border-radius:3px;"));
    QStringList lines;
    lines << tr("Type: %1").arg(a.value(QStringLiteral("query_type")).toString(tr("unknown")));
    lines << tr("Aggregation: %1").arg(yesNo(a.value(QStringLiteral("has_aggr")).toBool()));
    QStringList shape;
    if (a.value(QStringLiteral("has_table_join")).toBool())
        shape << tr("join");
    if (a.value(QStringLiteral("has_union")).toBool())
        shape << tr("union");
    if (a.value(QStringLiteral("has_subquery")).toBool())
        shape << tr("subquery");
    if (!shape.isEmpty())
        lines << tr("Contains: %1").arg(shape.join(QStringLiteral(", ")));
    QStringList groupBy;
    for (const QJsonValue &g : a.value(QStringLiteral("group_by_columns")).toArray())
        groupBy << g.toString();
    if (!groupBy.isEmpty())
        lines << tr("Group by: %1").arg(groupBy.join(QStringLiteral(", ")));
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_columns->clear();
    addColumns(tr("Result columns"), a.value(QStringLiteral("result_columns")).toArray(), false);
    addColumns(tr("Required columns"), a.value(QStringLiteral("required_columns")).toArray(), true);
    m_columns->expandAll();
    m_columns->resizeColumnToContents(0);
}

void AnalyzePanel::addColumns(const QString &title, const QJsonArray &columns, bool withSource)
{
    auto *group = new QTreeWidgetItem(m_columns, {QStringLiteral("%1 (%2)").arg(title).arg(columns.size())});
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    group->setFirstColumnSpanned(true);
    for (const QJsonValue &v : columns) {
        const QJsonObject c = v.toObject();
        QString source;
        if (withSource) {
            const QString db = c.value(QStringLiteral("database")).toString();
            source = (db.isEmpty() ? QString() : db + QLatin1Char('.')) + c.value(QStringLiteral("table")).toString();
            if (c.value(QStringLiteral("is_view")).toBool())
                source += tr(" (view)");
        }
        new QTreeWidgetItem(group, {c.value(QStringLiteral("column")).toString(), c.value(QStringLiteral("column_type")).toString(), source});
    }
}

void AnalyzePanel::setError(const QString &message)
{
    m_mode->setText(tr("Does not analyze"));
    m_mode->setStyleSheet(QStringLiteral("background:#e53935;color:white;border-radius:3px;"));
    m_summary->setText(message);
    m_columns->clear();
}

QString AnalyzePanel::summaryText() const
{
    return m_mode->text() + QLatin1Char('\n') + m_summary->text();
}

} // namespace tideline::ui
