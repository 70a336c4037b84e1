#include "ui/dashboard/DashboardTab.h"
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include "client/WorkspaceClient.h"
#include "ui/dashboard/DashboardGrid.h"
#include "ui/dashboard/PanelEditor.h"
#include "ui/dashboard/PanelWidget.h"
#include "models/ChartData.h"

namespace tideline::ui::dashboard {

using models::DashboardDocument;

DashboardTab::DashboardTab(client::WorkspaceClient *client, const QJsonObject &dashboard, QWidget *parent)
    : QWidget(parent), m_client(client), m_document(dashboard), m_saved(dashboard), m_grid(new DashboardGrid(&m_document)),
      m_scroll(new QScrollArea), m_pages(new QStackedWidget), m_json(new QPlainTextEdit), m_status(new QLabel), m_toolbar(new QWidget)
{
    setObjectName(QStringLiteral("dashboardTab"));
    m_editButton = toolButton("dashboardEditButton", tr("Edit"), tr("Switch between viewing and editing"));
    m_editButton->setCheckable(true);
    m_saveButton = toolButton("dashboardSaveButton", tr("Save"), tr("Save the dashboard (Ctrl+S)"));
    m_saveButton->setShortcut(QKeySequence::Save);
    m_cancelButton = toolButton("dashboardCancelButton", tr("Cancel"), tr("Drop the edits since the last save"));
    m_addChart = toolButton("addChartButton", tr("+ Chart"), tr("Add a chart panel"));
    m_addMarkdown = toolButton("addMarkdownButton", tr("+ Text"), tr("Add a markdown panel"));
    m_addFilter = toolButton("addFilterButton", tr("+ Filter"), tr("Add a filter that sets a {{filter_*}} variable"));
    m_jsonButton = toolButton("dashboardJsonButton", tr("JSON"), tr("View and edit the dashboard as JSON"));
    m_jsonButton->setCheckable(true);
    m_applyJson = toolButton("dashboardJsonApplyButton", tr("Apply JSON"), tr("Replace the dashboard with the edited JSON"));
    m_applyJson->hide();
    m_fullscreen = toolButton("dashboardFullscreenButton", tr("Fullscreen"), tr("Show the dashboard on the whole screen (F11)"));
    m_fullscreen->setShortcut(QKeySequence(Qt::Key_F11));
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    auto *bar = new QHBoxLayout(m_toolbar);
    bar->setContentsMargins(4, 2, 4, 2);
    for (QToolButton *b : {m_editButton, m_saveButton, m_cancelButton, m_addChart, m_addMarkdown, m_addFilter})
        bar->addWidget(b);
    bar->addStretch(1);
    bar->addWidget(m_status);
    bar->addWidget(m_applyJson);
    bar->addWidget(m_jsonButton);
    bar->addWidget(m_fullscreen);
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_json->setObjectName(QStringLiteral("dashboardJsonEdit"));
    m_json->setFont(QFont(QStringLiteral("monospace")));
    m_pages->addWidget(m_scroll);
    m_pages->addWidget(m_json);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_pages, 1);

    connect(m_editButton, &QToolButton::toggled, this, &DashboardTab::setEditing);
    connect(m_saveButton, &QToolButton::clicked, this, &DashboardTab::save);
    connect(m_cancelButton, &QToolButton::clicked, this, &DashboardTab::cancelEdits);
    connect(m_addChart, &QToolButton::clicked, this, [this] { addChart(); });
    connect(m_addMarkdown, &QToolButton::clicked, this, &DashboardTab::addMarkdown);
    connect(m_addFilter, &QToolButton::clicked, this, &DashboardTab::addFilter);
    connect(m_jsonButton, &QToolButton::toggled, this, &DashboardTab::showJson);
    connect(m_applyJson, &QToolButton::clicked, this, &DashboardTab::applyJson);
    connect(m_fullscreen, &QToolButton::clicked, this, &DashboardTab::toggleFullscreen);
    connect(m_grid, &DashboardGrid::positionChanged, this, &DashboardTab::updateToolbar);
    initVariables();
    rebuildPanels();
    updateToolbar();
}

QToolButton *DashboardTab::toolButton(const char *name, const QString &text, const QString &tip)
{
    auto *b = new QToolButton(m_toolbar);
    b->setObjectName(QLatin1String(name));
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

void DashboardTab::initVariables()
{
    // Each filter's default, unless the user already picked a value this session.
    for (int i = 0; i < m_document.panelCount(); ++i) {
        const QJsonObject p = m_document.panel(i);
        const QString variable = DashboardDocument::filterVariable(p);
        if (DashboardDocument::isFilter(p) && !variable.isEmpty() && !m_variables.contains(variable))
            m_variables.insert(variable, p.value(QStringLiteral("viz_config")).toObject().value(QStringLiteral("config")).toObject()
                                             .value(QStringLiteral("defaultValue")).toString());
    }
}

PanelWidget *DashboardTab::makePanel(const QJsonObject &panel)
{
    auto *w = new PanelWidget(m_client, panel, m_grid);
    w->setEditMode(m_editing);
    connect(w, &PanelWidget::openSqlRequested, this, &DashboardTab::openSqlRequested);
    connect(w, &PanelWidget::editRequested, this, [this, w] { editPanel(w); });
    connect(w, &PanelWidget::removeRequested, this, [this, w] {
        const int index = m_document.indexOfPanel(w->panelId());
        if (index < 0)
            return;
        m_document.removePanel(index);
        rebuildPanels();
    });
    connect(w, &PanelWidget::filterChanged, this, &DashboardTab::setVariable);
    return w;
}

void DashboardTab::rebuildPanels()
{
    qDeleteAll(m_panels);
    m_panels.clear();
    for (int i = 0; i < m_document.panelCount(); ++i)
        m_panels << makePanel(m_document.panel(i));
    m_grid->setEditMode(m_editing);
    m_grid->setPanels(m_panels);
    for (PanelWidget *p : m_panels)
        p->run(m_variables);
    updateToolbar();
}

PanelWidget *DashboardTab::panelWidget(const QString &panelId) const
{
    for (PanelWidget *p : m_panels)
        if (p->panelId() == panelId)
            return p;
    return nullptr;
}

void DashboardTab::setEditing(bool editing)
{
    m_editing = editing;
    m_editButton->setChecked(editing);
    m_grid->setEditMode(editing);
    for (PanelWidget *p : m_panels)
        p->setEditMode(editing);
    m_grid->relayout();
    updateToolbar();
}

void DashboardTab::updateToolbar()
{
    m_editButton->setText(m_editing ? tr("View") : tr("Edit"));
    for (QToolButton *b : {m_cancelButton, m_addChart, m_addMarkdown, m_addFilter})
        b->setVisible(m_editing);
    m_saveButton->setEnabled(isDirty() || m_document.id().isEmpty());
    m_status->setText(isDirty() ? tr("unsaved changes") : QString());
    Q_EMIT titleChanged(m_document.name());
}

void DashboardTab::save()
{
    const quint64 request = ++m_saveRequest;
    const DashboardDocument snapshot = m_document;
    QPointer<DashboardTab> self(this); // the answer may come after the tab is closed
    auto done = [self, this, request, snapshot](const client::Reply &reply) {
        if (!self || request != m_saveRequest)
            return; // a newer save superseded this one
        if (!reply.ok) {
            Q_EMIT message(tr("Dashboard \"%1\" not saved: %2").arg(snapshot.name(), reply.error.message));
            m_status->setText(tr("not saved"));
            return;
        }
        const QString id = reply.value.toObject().value(QStringLiteral("id")).toString(snapshot.id());
        m_saved = snapshot;
        m_saved.setId(id);
        if (m_document.id().isEmpty())
            m_document.setId(id);
        updateToolbar();
        Q_EMIT saved(id);
    };
    if (m_document.id().isEmpty())
        m_client->create(client::Resource::Dashboard, m_document.requestBody(), done);
    else
        m_client->update(client::Resource::Dashboard, m_document.id(), m_document.requestBody(), done);
}

void DashboardTab::cancelEdits()
{
    m_document = m_saved;
    initVariables();
    rebuildPanels();
    setEditing(false);
}

PanelWidget *DashboardTab::addChart(const QString &sql, const QJsonObject &vizConfig)
{
    const QJsonObject viz = vizConfig.isEmpty() ? QJsonObject{{QStringLiteral("chartType"), QStringLiteral("line")},
                                                              {QStringLiteral("config"), QJsonObject()}}
                                                : vizConfig;
    const int index = m_document.addPanel(DashboardDocument::chartPanel(tr("New chart"), sql, viz));
    rebuildPanels();
    editPanel(m_panels.value(index));
    return m_panels.value(index);
}

PanelWidget *DashboardTab::addMarkdown()
{
    const int index = m_document.addPanel(DashboardDocument::markdownPanel(tr("Notes"), tr("## Notes\n")));
    rebuildPanels();
    editPanel(m_panels.value(index));
    return m_panels.value(index);
}

PanelWidget *DashboardTab::addFilter()
{
    const int index = m_document.addPanel(DashboardDocument::filterPanel(tr("Filter"), QStringLiteral("filter_value"), true, {}, {}, {}));
    rebuildPanels();
    editPanel(m_panels.value(index));
    return m_panels.value(index);
}

void DashboardTab::editPanel(PanelWidget *panel)
{
    if (!panel)
        return;
    if (m_editor)
        m_editor->close();
    const QString id = panel->panelId();
    m_editor = new PanelEditor(panel->panel(), panel->chartData() ? panel->chartData()->columns() : QList<client::ColumnInfo>{}, this);
    connect(m_editor, &PanelEditor::applied, this, [this, id](const QJsonObject &result) {
        const int index = m_document.indexOfPanel(id);
        if (index < 0)
            return;
        const bool filter = DashboardDocument::isFilter(result);
        m_document.setPanel(index, result);
        if (filter) { // a filter's variable or default changed: every panel may be affected
            initVariables();
            rebuildPanels();
        } else if (PanelWidget *w = panelWidget(id)) {
            w->setPanel(result, m_variables);
            m_grid->relayout();
        }
        updateToolbar();
    });
    m_editor->show();
}

void DashboardTab::setVariable(const QString &name, const QString &value)
{
    if (m_variables.value(name) == value && m_variables.contains(name))
        return;
    m_variables.insert(name, value);
    for (PanelWidget *p : m_panels)
        if (p->variables().contains(name))
            p->run(m_variables);
}

void DashboardTab::showJson(bool on)
{
    m_jsonButton->setChecked(on);
    if (on)
        m_json->setPlainText(QString::fromUtf8(QJsonDocument(m_document.toJson()).toJson(QJsonDocument::Indented)));
    m_pages->setCurrentWidget(on ? static_cast<QWidget *>(m_json) : m_scroll);
    m_applyJson->setVisible(on);
}

bool DashboardTab::applyJson()
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(m_json->toPlainText().toUtf8(), &error);
    if (!doc.isObject() || !doc.object().value(QStringLiteral("panels")).isArray()) {
        Q_EMIT message(error.error != QJsonParseError::NoError ? tr("Invalid JSON at %1: %2").arg(error.offset).arg(error.errorString())
                                                               : tr("A dashboard is an object with a \"panels\" array"));
        return false;
    }
    QJsonObject json = doc.object();
    if (!m_document.id().isEmpty()) // the JSON edits this dashboard, whatever id the text carries
        json.insert(QStringLiteral("id"), m_document.id());
    else
        json.remove(QStringLiteral("id"));
    m_document = DashboardDocument(json);
    initVariables();
    rebuildPanels();
    showJson(false);
    return true;
}

void DashboardTab::toggleFullscreen()
{
    QWidget *top = window();
    const bool full = !top->isFullScreen();
    m_toolbar->setVisible(true);
    full ? top->showFullScreen() : top->showNormal();
    m_fullscreen->setText(full ? tr("Exit fullscreen") : tr("Fullscreen"));
}

} // namespace tideline::ui::dashboard
