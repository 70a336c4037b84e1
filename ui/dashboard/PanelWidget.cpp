#include "ui/dashboard/PanelWidget.h"
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <memory>
#include "client/WorkspaceClient.h"
#include "models/ChartData.h"
#include "models/DashboardDocument.h"
#include "models/QueryVariables.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/MarkdownChart.h"

namespace tideline::ui::dashboard {

using models::DashboardDocument;

namespace {

QToolButton *headerButton(const QString &name, const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

QString vizType(const QJsonObject &panel)
{
    return panel.value(QStringLiteral("viz_type")).toString();
}

} // namespace

PanelWidget::PanelWidget(client::WorkspaceClient *client, const QJsonObject &panel, QWidget *parent)
    : QFrame(parent), m_client(client), m_panel(panel), m_header(new QWidget(this)), m_title(new QLabel(m_header))
{
    setObjectName(QStringLiteral("dashboardPanel"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_header->setObjectName(QStringLiteral("panelHeader"));
    m_title->setObjectName(QStringLiteral("panelTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_openSql = headerButton(QStringLiteral("panelOpenSqlButton"), tr("SQL"), tr("Open the panel's SQL in a query tab"), m_header);
    m_edit = headerButton(QStringLiteral("panelEditButton"), tr("Edit"), tr("Edit the panel"), m_header);
    m_remove = headerButton(QStringLiteral("panelRemoveButton"), QString::fromUtf8("✕"), tr("Remove the panel"), m_header);
    auto *h = new QHBoxLayout(m_header);
    h->setContentsMargins(6, 2, 2, 2);
    h->addWidget(m_title, 1);
    h->addWidget(m_openSql);
    h->addWidget(m_edit);
    h->addWidget(m_remove);
    m_grip = new QWidget(this);
    m_grip->setObjectName(QStringLiteral("panelResizeGrip"));
    m_grip->setFixedSize(12, 12);
    m_grip->setCursor(Qt::SizeFDiagCursor);
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(0);
    v->addWidget(m_header);
    connect(m_openSql, &QToolButton::clicked, this, [this] {
        Q_EMIT openSqlRequested(m_panel.value(QStringLiteral("viz_content")).toString(), m_panel.value(QStringLiteral("title")).toString());
    });
    connect(m_edit, &QToolButton::clicked, this, &PanelWidget::editRequested);
    connect(m_remove, &QToolButton::clicked, this, &PanelWidget::removeRequested);
    buildBody();
    setEditMode(false);
}

QString PanelWidget::panelId() const
{
    return m_panel.value(QStringLiteral("id")).toString();
}

bool PanelWidget::isFilter() const
{
    return DashboardDocument::isFilter(m_panel);
}

QStringList PanelWidget::variables() const
{
    return DashboardDocument::variablesOf(m_panel);
}

void PanelWidget::setEditMode(bool editing)
{
    m_edit->setVisible(editing);
    m_remove->setVisible(editing);
    m_grip->setVisible(editing);
    m_openSql->setVisible(vizType(m_panel) == QLatin1String("chart"));
    m_header->setCursor(editing ? Qt::SizeAllCursor : Qt::ArrowCursor);
}

void PanelWidget::buildBody()
{
    delete m_body;
    m_body = nullptr;
    m_chart = nullptr;
    m_markdown = nullptr;
    m_selector = nullptr;
    m_input = nullptr;
    m_title->setText(m_panel.value(QStringLiteral("title")).toString());
    const QString type = vizType(m_panel);
    if (type == QLatin1String("control")) {
        buildFilter();
    } else if (type == QLatin1String("markdown")) {
        m_markdown = new charts::MarkdownChart(this);
        m_markdown->setTemplate(m_panel.value(QStringLiteral("viz_content")).toString());
        m_markdown->redraw(nullptr);
        m_body = m_markdown;
    } else {
        if (!m_data)
            m_data = new models::ChartData(this);
        m_data->setConfig(models::ChartConfig(m_panel.value(QStringLiteral("viz_config")).toObject()));
        m_chart = new charts::ChartView(m_data, this);
        m_body = m_chart;
        connect(m_data, &models::ChartData::changed, this, &PanelWidget::markUpdated);
    }
    static_cast<QVBoxLayout *>(layout())->addWidget(m_body, 1);
    m_grip->raise();
}

void PanelWidget::buildFilter()
{
    const QJsonObject config = m_panel.value(QStringLiteral("viz_config")).toObject().value(QStringLiteral("config")).toObject();
    const QString variable = config.value(QStringLiteral("target")).toString();
    const QString value = config.value(QStringLiteral("defaultValue")).toString();
    auto *box = new QWidget(this);
    auto *h = new QHBoxLayout(box);
    h->setContentsMargins(6, 2, 6, 2);
    if (m_panel.value(QStringLiteral("viz_config")).toObject().value(QStringLiteral("chartType")).toString() == QLatin1String("selector")) {
        m_selector = new QComboBox(box);
        m_selector->setObjectName(variable);
        for (const QJsonValue &o : config.value(QStringLiteral("inlineValues")).toArray())
            m_selector->addItem(o.toString());
        m_selector->setCurrentText(value);
        connect(m_selector, &QComboBox::textActivated, this, [this, variable](const QString &v) { Q_EMIT filterChanged(variable, v); });
        h->addWidget(m_selector, 1);
    } else {
        m_input = new QLineEdit(value, box);
        m_input->setObjectName(variable);
        m_input->setPlaceholderText(config.value(QStringLiteral("label")).toString());
        connect(m_input, &QLineEdit::editingFinished, this, [this, variable] { Q_EMIT filterChanged(variable, m_input->text()); });
        h->addWidget(m_input, 1);
    }
    m_body = box;
}

QString PanelWidget::filterValue() const
{
    if (m_selector)
        return m_selector->currentText();
    if (m_input)
        return m_input->text();
    return {};
}

void PanelWidget::setPanel(const QJsonObject &panel, const QHash<QString, QString> &variables)
{
    const bool rerun = panel.value(QStringLiteral("viz_content")) != m_panel.value(QStringLiteral("viz_content"))
        || panel.value(QStringLiteral("viz_type")) != m_panel.value(QStringLiteral("viz_type"))
        || panel.value(QStringLiteral("viz_config")) != m_panel.value(QStringLiteral("viz_config"));
    m_panel = panel;
    if (!rerun) { // moved or renamed
        m_title->setText(panel.value(QStringLiteral("title")).toString());
        return;
    }
    delete m_handle;
    buildBody();
    run(variables);
}

void PanelWidget::run(const QHash<QString, QString> &variables)
{
    if (m_selector && !m_panel.value(QStringLiteral("viz_content")).toString().trimmed().isEmpty())
        loadOptions();
    if (!m_chart)
        return;
    const auto substitution = models::QueryVariables::substitute(m_panel.value(QStringLiteral("viz_content")).toString(), variables);
    m_runSql = substitution.sql;
    delete m_handle; // supersedes the previous run (deleting a handle cancels its query)
    m_handle = nullptr;
    if (m_runSql.trimmed().isEmpty())
        return;
    m_handle = m_client->runQuery(m_runSql, {}, this);
    m_data->attach(m_handle);
    connect(m_handle, &client::QueryHandle::failed, this, [this](const client::ErrorInfo &e) {
        setToolTip(tr("Error %1: %2").arg(e.code).arg(e.message));
        m_title->setText(m_panel.value(QStringLiteral("title")).toString() + QString::fromUtf8(" ⚠"));
    });
}

void PanelWidget::loadOptions()
{
    // Options from a bounded query: the first column of every row, added after the static ones.
    delete m_optionsQuery;
    m_optionsQuery = m_client->runQuery(m_panel.value(QStringLiteral("viz_content")).toString(), {}, this);
    auto options = std::make_shared<QStringList>(); // owned by the two connections below
    connect(m_optionsQuery, &client::QueryHandle::rows, this, [options](const client::ResultBatch &b) {
        for (qsizetype r = 0; r < b.rowCount(); ++r)
            *options << b.toString(r, 0);
    });
    connect(m_optionsQuery, &client::QueryHandle::finished, this, [this, options] {
        if (!m_selector)
            return;
        const QString current = m_selector->currentText();
        for (const QString &o : *options)
            if (m_selector->findText(o) < 0)
                m_selector->addItem(o);
        m_selector->setCurrentText(current);
    });
}

void PanelWidget::markUpdated()
{
    m_header->setToolTip(tr("Last updated %1").arg(QLocale().toString(QDateTime::currentDateTime().time(), QLocale::LongFormat)));
}

} // namespace tideline::ui::dashboard
