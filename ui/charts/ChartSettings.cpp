#include "ui/charts/ChartSettings.h"
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardItemModel>

namespace tideline::ui::charts {

using models::ChartConfig;
using models::ChartType;

namespace {

const char *typeLabel(ChartType t)
{
    switch (t) {
    case ChartType::Line: return "Line";
    case ChartType::Area: return "Area";
    case ChartType::Bar: return "Bar (horizontal)";
    case ChartType::Column: return "Column";
    case ChartType::SingleValue: return "Single value";
    case ChartType::MultipleValue: return "Multiple values";
    case ChartType::Table: return "Table";
    case ChartType::Markdown: return "Markdown";
    }
    return "";
}

std::optional<double> optionalNumber(const QLineEdit *edit)
{
    bool ok = false;
    const double v = edit->text().toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

} // namespace

ChartSettings::ChartSettings(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("chartSettings"));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_type = columnCombo("chartTypeCombo");
    for (ChartType t : ChartConfig::allTypes())
        m_type->addItem(tr(typeLabel(t)), int(t));
    m_x = columnCombo("xAxisCombo");
    m_y = columnCombo("yAxisCombo");
    m_color = columnCombo("colorCombo");
    m_mode = columnCombo("updateModeCombo");
    m_mode->addItem(tr("Sliding window"), int(ChartConfig::UpdateMode::Time));
    m_mode->addItem(tr("Latest frame"), int(ChartConfig::UpdateMode::All));
    m_mode->addItem(tr("Latest row per key"), int(ChartConfig::UpdateMode::Key));
    m_key = columnCombo("updateKeyCombo");
    m_range = columnCombo("xRangeCombo");
    for (const char *r : {"1", "5", "15", "60", "Infinity"})
        m_range->addItem(QLatin1String(r) == QLatin1String("Infinity") ? tr("All") : tr("%1 min").arg(QLatin1String(r)), QLatin1String(r));
    m_palette = columnCombo("paletteCombo");
    m_palette->addItems(ChartConfig::paletteNames());
    auto edit = [this](const char *name, const QString &placeholder = {}) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QLatin1String(name));
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::editingFinished, this, &ChartSettings::readForm);
        return e;
    };
    m_title = edit("chartTitleEdit");
    m_xTitle = edit("xTitleEdit");
    m_yTitle = edit("yTitleEdit");
    m_yMin = edit("yMinEdit", tr("auto"));
    m_yMax = edit("yMaxEdit", tr("auto"));
    m_unit = edit("unitEdit", tr("none"));
    m_decimals = new QSpinBox(this);
    m_decimals->setObjectName(QStringLiteral("decimalsSpin"));
    m_decimals->setRange(0, 10);
    connect(m_decimals, &QSpinBox::valueChanged, this, &ChartSettings::readForm);
    m_unitPrefix = new QCheckBox(tr("before the number"), this);
    m_unitPrefix->setObjectName(QStringLiteral("unitPrefixCheck"));
    m_legend = new QCheckBox(tr("Legend"), this);
    m_legend->setObjectName(QStringLiteral("legendCheck"));
    for (QCheckBox *c : {m_unitPrefix, m_legend})
        connect(c, &QCheckBox::toggled, this, &ChartSettings::readForm);
    m_markdown = new QPlainTextEdit(this);
    m_markdown->setObjectName(QStringLiteral("markdownEdit"));
    m_markdown->setPlaceholderText(tr("# {{column}} is the latest value, {{@key::column}} a keyed one"));
    connect(m_markdown, &QPlainTextEdit::textChanged, this, &ChartSettings::readForm);
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("X axis"), m_x);
    form->addRow(tr("Y axis"), m_y);
    form->addRow(tr("Series by"), m_color);
    form->addRow(tr("Update"), m_mode);
    form->addRow(tr("Key"), m_key);
    form->addRow(tr("Window"), m_range);
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("X title"), m_xTitle);
    form->addRow(tr("Y title"), m_yTitle);
    form->addRow(tr("Y min"), m_yMin);
    form->addRow(tr("Y max"), m_yMax);
    form->addRow(tr("Decimals"), m_decimals);
    form->addRow(tr("Unit"), m_unit);
    form->addRow(QString(), m_unitPrefix);
    form->addRow(tr("Palette"), m_palette);
    form->addRow(QString(), m_legend);
    form->addRow(tr("Markdown"), m_markdown);
}

QComboBox *ChartSettings::columnCombo(const char *name)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QLatin1String(name));
    connect(combo, &QComboBox::activated, this, &ChartSettings::readForm);
    return combo;
}

void ChartSettings::fillColumns(QComboBox *combo, const QString &current, bool allowNone)
{
    combo->clear();
    if (allowNone)
        combo->addItem(tr("(none)"), QString());
    for (const auto &c : m_columns)
        combo->addItem(c.name, c.name);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void ChartSettings::setConfig(const ChartConfig &config, const QList<client::ColumnInfo> &columns)
{
    m_filling = true;
    m_config = config;
    m_columns = columns;
    auto *model = qobject_cast<QStandardItemModel *>(m_type->model());
    for (int i = 0; i < m_type->count(); ++i) {
        const QString reason = columns.isEmpty() ? QString() : ChartConfig::unsupportedReason(ChartType(m_type->itemData(i).toInt()), columns);
        model->item(i)->setEnabled(reason.isEmpty());
        model->item(i)->setToolTip(reason);
    }
    m_type->setCurrentIndex(m_type->findData(int(config.type())));
    ChartConfig effective = config;
    effective.rebind(columns);
    const bool single = config.type() == ChartType::SingleValue || config.type() == ChartType::MultipleValue;
    fillColumns(m_x, config.type() == ChartType::MultipleValue ? effective.keyColumn() : effective.xAxis(), false);
    fillColumns(m_y, single ? effective.valueColumn() : effective.yAxis(), false);
    fillColumns(m_color, effective.color(), true);
    fillColumns(m_key, config.updateKey(), true);
    m_mode->setCurrentIndex(m_mode->findData(int(config.updateMode())));
    const double range = config.xRangeMinutes();
    m_range->setCurrentIndex(std::max(0, m_range->findData(range > 0 ? QString::number(range) : QStringLiteral("Infinity"))));
    m_palette->setCurrentText(config.palette());
    m_title->setText(config.title());
    m_xTitle->setText(config.xTitle());
    m_yTitle->setText(config.yTitle());
    m_yMin->setText(config.yMin() ? QString::number(*config.yMin()) : QString());
    m_yMax->setText(config.yMax() ? QString::number(*config.yMax()) : QString());
    m_decimals->setValue(config.decimals());
    m_unit->setText(config.unit());
    m_unitPrefix->setChecked(config.unitIsPrefix());
    m_legend->setChecked(config.legend());
    if (m_markdown->toPlainText() != config.markdown())
        m_markdown->setPlainText(config.markdown());
    m_filling = false;
    updateVisibility();
}

void ChartSettings::updateVisibility()
{
    auto *form = static_cast<QFormLayout *>(layout());
    const ChartType t = m_config.type();
    const bool xy = t == ChartType::Line || t == ChartType::Area || t == ChartType::Bar || t == ChartType::Column;
    form->setRowVisible(m_x, xy || t == ChartType::MultipleValue);
    form->setRowVisible(m_y, xy || t == ChartType::SingleValue || t == ChartType::MultipleValue);
    form->setRowVisible(m_color, xy);
    form->setRowVisible(m_key, m_config.updateMode() == ChartConfig::UpdateMode::Key);
    form->setRowVisible(m_range, m_config.updateMode() == ChartConfig::UpdateMode::Time && xy);
    for (QWidget *w : {static_cast<QWidget *>(m_xTitle), static_cast<QWidget *>(m_yTitle), static_cast<QWidget *>(m_yMin),
                       static_cast<QWidget *>(m_yMax), static_cast<QWidget *>(m_legend)})
        form->setRowVisible(w, xy);
    form->setRowVisible(m_markdown, t == ChartType::Markdown);
}

void ChartSettings::readForm()
{
    if (m_filling)
        return;
    ChartConfig c = m_config;
    const ChartType type = ChartType(m_type->currentData().toInt());
    c.setType(type);
    if (m_columns.isEmpty()) {
        // No result yet (a panel not run): the column lists are empty, so bindings stay as they are.
    } else if (type == ChartType::SingleValue || type == ChartType::MultipleValue) {
        c.setValueColumn(m_y->currentData().toString());
        if (type == ChartType::MultipleValue)
            c.setKeyColumn(m_x->currentData().toString());
    } else if (type != ChartType::Table && type != ChartType::Markdown) {
        c.setXAxis(m_x->currentData().toString());
        c.setYAxis(m_y->currentData().toString());
        c.setColor(m_color->currentData().toString());
    }
    // Only what the user changed is written: a Console config keeps its absent defaults absent.
    if (const auto mode = ChartConfig::UpdateMode(m_mode->currentData().toInt()); mode != c.updateMode())
        c.setUpdateMode(mode);
    if (c.updateMode() == ChartConfig::UpdateMode::Key && !m_columns.isEmpty())
        c.setUpdateKey(m_key->currentData().toString());
    const QString range = m_range->currentData().toString();
    if (const double minutes = range == QLatin1String("Infinity") ? 0 : range.toDouble(); minutes != c.xRangeMinutes())
        c.setXRangeMinutes(minutes);
    if (m_palette->currentText() != c.palette())
        c.setPalette(m_palette->currentText());
    c.setTitle(m_title->text());
    c.setXTitle(m_xTitle->text());
    c.setYTitle(m_yTitle->text());
    if (optionalNumber(m_yMin) != c.yMin() || optionalNumber(m_yMax) != c.yMax())
        c.setYRange(optionalNumber(m_yMin), optionalNumber(m_yMax));
    if (m_decimals->value() != c.decimals())
        c.setDecimals(m_decimals->value());
    if (m_unit->text() != c.unit() || (!m_unit->text().isEmpty() && m_unitPrefix->isChecked() != c.unitIsPrefix()))
        c.setUnit(m_unit->text(), m_unitPrefix->isChecked());
    if (m_legend->isChecked() != c.legend())
        c.setLegend(m_legend->isChecked());
    c.setMarkdown(m_markdown->toPlainText());
    if (c == m_config)
        return;
    const bool typeChanged = c.type() != m_config.type();
    if (typeChanged) { // the new type's own bindings: bars want a category, lines a time
        c.setXAxis(QString());
        c.setColor(QString());
        c.rebind(m_columns);
    }
    m_config = c;
    if (typeChanged)
        setConfig(c, m_columns);
    updateVisibility();
    Q_EMIT configChanged(m_config);
}

} // namespace tideline::ui::charts
