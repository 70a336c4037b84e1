#include "ui/dashboard/PanelEditor.h"
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include "models/ChartConfig.h"
#include "ui/charts/ChartSettings.h"

namespace tideline::ui::dashboard {

namespace {

QString vizType(const QJsonObject &panel)
{
    return panel.value(QStringLiteral("viz_type")).toString();
}

} // namespace

PanelEditor::PanelEditor(const QJsonObject &panel, const QList<client::ColumnInfo> &columns, QWidget *parent)
    : QDialog(parent), m_panel(panel), m_title(new QLineEdit(panel.value(QStringLiteral("title")).toString(), this)),
      m_content(new QPlainTextEdit(panel.value(QStringLiteral("viz_content")).toString(), this))
{
    setObjectName(QStringLiteral("panelEditor"));
    setWindowTitle(tr("Panel"));
    setAttribute(Qt::WA_DeleteOnClose);
    m_title->setObjectName(QStringLiteral("panelTitleEdit"));
    m_content->setObjectName(QStringLiteral("panelContentEdit"));
    m_content->setFont(QFont(QStringLiteral("monospace")));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Title"), m_title);
    const QString type = vizType(panel);
    const QJsonObject viz = panel.value(QStringLiteral("viz_config")).toObject();
    if (type == QLatin1String("control")) {
        const QJsonObject config = viz.value(QStringLiteral("config")).toObject();
        m_variable = new QLineEdit(config.value(QStringLiteral("target")).toString(), this);
        m_variable->setObjectName(QStringLiteral("filterVariableEdit"));
        m_variable->setPlaceholderText(QStringLiteral("filter_device"));
        m_filterKind = new QComboBox(this);
        m_filterKind->setObjectName(QStringLiteral("filterKindCombo"));
        m_filterKind->addItem(tr("Selector"), QStringLiteral("selector"));
        m_filterKind->addItem(tr("Text input"), QStringLiteral("text_input"));
        m_filterKind->setCurrentIndex(std::max(0, m_filterKind->findData(viz.value(QStringLiteral("chartType")).toString())));
        QStringList options;
        for (const QJsonValue &v : config.value(QStringLiteral("inlineValues")).toArray())
            options << v.toString();
        m_options = new QLineEdit(options.join(QStringLiteral(", ")), this);
        m_options->setObjectName(QStringLiteral("filterOptionsEdit"));
        m_default = new QLineEdit(config.value(QStringLiteral("defaultValue")).toString(), this);
        m_default->setObjectName(QStringLiteral("filterDefaultEdit"));
        form->addRow(tr("Variable"), m_variable);
        form->addRow(tr("Kind"), m_filterKind);
        form->addRow(tr("Options"), m_options);
        form->addRow(tr("Options SQL"), m_content);
        form->addRow(tr("Default"), m_default);
    } else if (type == QLatin1String("markdown")) {
        form->addRow(tr("Markdown"), m_content);
    } else {
        form->addRow(tr("SQL"), m_content);
        m_settings = new charts::ChartSettings(this);
        m_settings->setConfig(models::ChartConfig(viz), columns);
        form->addRow(m_settings);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("panelApplyButton"));
    form->addRow(buttons);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { Q_EMIT applied(result()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    resize(560, type == QLatin1String("chart") ? 720 : 360);
}

QJsonObject PanelEditor::result() const
{
    QJsonObject panel = m_panel;
    panel.insert(QStringLiteral("title"), m_title->text());
    panel.insert(QStringLiteral("viz_content"), m_content->toPlainText());
    if (m_settings) {
        panel.insert(QStringLiteral("viz_config"), m_settings->config().toJson());
    } else if (m_variable) {
        QJsonObject viz = panel.value(QStringLiteral("viz_config")).toObject();
        QJsonObject config = viz.value(QStringLiteral("config")).toObject();
        config.insert(QStringLiteral("target"), m_variable->text().trimmed());
        config.insert(QStringLiteral("label"), m_title->text());
        config.insert(QStringLiteral("defaultValue"), m_default->text());
        QStringList options;
        for (const QString &o : m_options->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            options << o.trimmed();
        config.insert(QStringLiteral("inlineValues"), QJsonArray::fromStringList(options));
        viz.insert(QStringLiteral("chartType"), m_filterKind->currentData().toString());
        viz.insert(QStringLiteral("config"), config);
        panel.insert(QStringLiteral("viz_config"), viz);
    }
    return panel;
}

} // namespace tideline::ui::dashboard
