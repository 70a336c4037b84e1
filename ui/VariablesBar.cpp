#include "ui/VariablesBar.h"
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace tideline::ui {

VariablesBar::VariablesBar(QWidget *parent) : QWidget(parent), m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("variablesBar"));
    m_layout->setContentsMargins(6, 0, 4, 2);
    auto *title = new QLabel(tr("Variables:"), this);
    m_layout->addWidget(title);
    m_layout->addStretch(1);
    setVisible(false);
}

void VariablesBar::setNames(const QStringList &names)
{
    if (names == m_names)
        return;
    for (auto it = m_inputs.cbegin(); it != m_inputs.cend(); ++it) {
        m_remembered[it.key()] = it.value()->text();
        delete it.value()->property("label").value<QLabel *>();
        delete it.value();
    }
    m_inputs.clear();
    m_names = names;
    int at = 1; // after the title, before the stretch
    for (const QString &name : names) {
        auto *label = new QLabel(QStringLiteral("{{%1}}").arg(name), this);
        auto *edit = new QLineEdit(m_remembered.value(name), this);
        edit->setObjectName(QStringLiteral("variable_") + name);
        edit->setPlaceholderText(tr("value"));
        edit->setToolTip(tr("Numbers are used as they are; any other text becomes a quoted string"));
        edit->setMaximumWidth(180);
        edit->setProperty("label", QVariant::fromValue(label));
        connect(edit, &QLineEdit::returnPressed, this, &VariablesBar::runRequested);
        m_layout->insertWidget(at++, label);
        m_layout->insertWidget(at++, edit);
        m_inputs.insert(name, edit);
    }
    setVisible(!names.isEmpty());
}

QHash<QString, QString> VariablesBar::values() const
{
    QHash<QString, QString> out;
    for (auto it = m_inputs.cbegin(); it != m_inputs.cend(); ++it)
        out.insert(it.key(), it.value()->text());
    return out;
}

void VariablesBar::setValue(const QString &name, const QString &value)
{
    m_remembered[name] = value;
    if (QLineEdit *edit = m_inputs.value(name))
        edit->setText(value);
}

} // namespace tideline::ui
