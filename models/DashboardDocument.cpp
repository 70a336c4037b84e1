#include "models/DashboardDocument.h"
#include <QUuid>
#include "models/QueryVariables.h"

namespace tideline::models {

DashboardDocument DashboardDocument::newDashboard(const QString &name)
{
    return DashboardDocument(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("description"), QString()},
                                         {QStringLiteral("panels"), QJsonArray()}});
}

QJsonObject DashboardDocument::requestBody() const
{
    QJsonObject body{{QStringLiteral("name"), name()}, {QStringLiteral("panels"), panels()}};
    if (m_json.contains(QStringLiteral("description")))
        body.insert(QStringLiteral("description"), m_json.value(QStringLiteral("description")));
    return body;
}

void DashboardDocument::setPanel(int index, const QJsonObject &panel)
{
    QJsonArray p = panels();
    p[index] = panel;
    setPanels(p);
}

int DashboardDocument::addPanel(QJsonObject panel)
{
    if (panel.value(QStringLiteral("id")).toString().isEmpty())
        panel.insert(QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    QJsonArray p = panels();
    const bool placed = panel.contains(QStringLiteral("position"));
    p.append(panel);
    setPanels(p);
    const int index = int(p.size()) - 1;
    if (!placed) {
        const bool filter = isFilter(panel);
        setPosition(index, freePosition(filter ? 3 : 6, filter ? 1 : 4));
    }
    return index;
}

void DashboardDocument::removePanel(int index)
{
    QJsonArray p = panels();
    p.removeAt(index);
    setPanels(p);
}

int DashboardDocument::indexOfPanel(const QString &id) const
{
    const QJsonArray p = panels();
    for (int i = 0; i < p.size(); ++i)
        if (p[i].toObject().value(QStringLiteral("id")).toString() == id)
            return i;
    return -1;
}

QRect DashboardDocument::position(int index) const
{
    const QJsonObject pos = panel(index).value(QStringLiteral("position")).toObject();
    if (pos.isEmpty())
        return QRect(0, index * 4, 6, 4);
    return QRect(pos.value(QStringLiteral("x")).toInt(), pos.value(QStringLiteral("y")).toInt(),
                 std::max(1, pos.value(QStringLiteral("w")).toInt(6)), std::max(1, pos.value(QStringLiteral("h")).toInt(4)));
}

void DashboardDocument::setPosition(int index, const QRect &cells)
{
    const int w = std::clamp(cells.width(), 1, kColumns);
    const int x = std::clamp(cells.x(), 0, kColumns - w);
    const int y = std::max(0, cells.y()), h = std::max(1, cells.height());
    QJsonObject p = panel(index);
    QJsonObject pos = p.value(QStringLiteral("position")).toObject(); // keeps keys we do not know
    pos.insert(QStringLiteral("x"), x);
    pos.insert(QStringLiteral("y"), y);
    pos.insert(QStringLiteral("w"), w);
    pos.insert(QStringLiteral("h"), h);
    pos.insert(QStringLiteral("nextX"), x + w);
    pos.insert(QStringLiteral("nextY"), y + h);
    p.insert(QStringLiteral("position"), pos);
    setPanel(index, p);
}

QRect DashboardDocument::freePosition(int w, int h) const
{
    int bottom = 0;
    for (int i = 0; i < panelCount(); ++i)
        if (panel(i).contains(QStringLiteral("position")))
            bottom = std::max(bottom, position(i).bottom() + 1);
    return QRect(0, bottom, w, h);
}

bool DashboardDocument::isFilter(const QJsonObject &panel)
{
    return panel.value(QStringLiteral("viz_type")).toString() == QLatin1String("control");
}

QString DashboardDocument::filterVariable(const QJsonObject &panel)
{
    return panel.value(QStringLiteral("viz_config")).toObject().value(QStringLiteral("config")).toObject()
        .value(QStringLiteral("target")).toString();
}

QStringList DashboardDocument::variablesOf(const QJsonObject &panel)
{
    if (panel.value(QStringLiteral("viz_type")).toString() != QLatin1String("chart"))
        return {};
    return QueryVariables::names(panel.value(QStringLiteral("viz_content")).toString());
}

QJsonObject DashboardDocument::chartPanel(const QString &title, const QString &sql, const QJsonObject &vizConfig)
{
    return {{QStringLiteral("title"), title}, {QStringLiteral("description"), QString()}, {QStringLiteral("viz_type"), QStringLiteral("chart")},
            {QStringLiteral("viz_content"), sql}, {QStringLiteral("viz_config"), vizConfig}};
}

QJsonObject DashboardDocument::markdownPanel(const QString &title, const QString &markdown)
{
    return {{QStringLiteral("title"), title}, {QStringLiteral("viz_type"), QStringLiteral("markdown")},
            {QStringLiteral("viz_content"), markdown},
            {QStringLiteral("viz_config"), QJsonObject{{QStringLiteral("favour"), QStringLiteral("github")}}}};
}

QJsonObject DashboardDocument::filterPanel(const QString &label, const QString &variable, bool selector,
                                           const QStringList &options, const QString &optionsSql, const QString &defaultValue)
{
    QJsonObject config{{QStringLiteral("target"), variable}, {QStringLiteral("label"), label},
                       {QStringLiteral("defaultValue"), defaultValue}};
    if (selector)
        config.insert(QStringLiteral("inlineValues"), QJsonArray::fromStringList(options));
    return {{QStringLiteral("title"), label}, {QStringLiteral("viz_type"), QStringLiteral("control")},
            {QStringLiteral("viz_content"), selector ? optionsSql : QString()},
            {QStringLiteral("viz_config"), QJsonObject{{QStringLiteral("chartType"), selector ? QStringLiteral("selector") : QStringLiteral("text_input")},
                                                      {QStringLiteral("config"), config}}}};
}

} // namespace tideline::models
