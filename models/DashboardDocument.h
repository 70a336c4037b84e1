#pragma once
// A dashboard in the Timeplus Console's JSON dialect, kept as the JSON itself so a dashboard made
// in the Console opens and saves back byte-for-byte (keys Tideline does not know included).
//
// Panels: `{id, title, description, viz_type, viz_content, viz_config, position}` where
// `position` is `{x, y, w, h, nextX, nextY}` on a 12-column grid (nextX = x + w, nextY = y + h),
// `viz_type` is `chart` (viz_content = SQL, viz_config = ChartConfig JSON), `markdown`
// (viz_content = the text) or `control` (a filter, below).
// Filters (`viz_type: control`): `viz_config = {chartType: "selector" | "text_input",
// config: {target: "filter_device", label, defaultValue, inlineValues: [...]}}`; a selector with
// non-empty `viz_content` takes its options from that bounded SQL (first column). A filter sets
// the `{{filter_*}}` variable named by `target`; panels whose SQL uses it re-run on a change.
// Pure value type; any thread.
#include <QJsonArray>
#include <QJsonObject>
#include <QRect>
#include <QStringList>

namespace tideline::models {

class DashboardDocument {
public:
    static constexpr int kColumns = 12;

    DashboardDocument() = default;
    explicit DashboardDocument(const QJsonObject &json) : m_json(json) {}
    static DashboardDocument newDashboard(const QString &name);

    QJsonObject toJson() const { return m_json; }
    // The body of POST/PUT /dashboards: name, description and panels (server fields left out).
    QJsonObject requestBody() const;
    QString id() const { return m_json.value(QStringLiteral("id")).toString(); }
    void setId(const QString &id) { m_json.insert(QStringLiteral("id"), id); }
    QString name() const { return m_json.value(QStringLiteral("name")).toString(); }
    void setName(const QString &name) { m_json.insert(QStringLiteral("name"), name); }

    int panelCount() const { return int(panels().size()); }
    QJsonObject panel(int index) const { return panels().at(index).toObject(); }
    void setPanel(int index, const QJsonObject &panel);
    int addPanel(QJsonObject panel); // gets an id and a free position when it has none
    void removePanel(int index);
    int indexOfPanel(const QString &id) const;

    // Grid cells (x, y, w, h) of a panel; a panel without a position gets a 6x4 default.
    QRect position(int index) const;
    void setPosition(int index, const QRect &cells); // clamped to the 12 columns; nextX/nextY too
    QRect freePosition(int w, int h) const;          // below everything

    static bool isFilter(const QJsonObject &panel);
    static QString filterVariable(const QJsonObject &panel); // the `{{name}}` a filter sets
    // The variables a panel's SQL uses (empty for markdown and filters).
    static QStringList variablesOf(const QJsonObject &panel);

    static QJsonObject chartPanel(const QString &title, const QString &sql, const QJsonObject &vizConfig);
    static QJsonObject markdownPanel(const QString &title, const QString &markdown);
    static QJsonObject filterPanel(const QString &label, const QString &variable, bool selector,
                                   const QStringList &options, const QString &optionsSql, const QString &defaultValue);

private:
    QJsonArray panels() const { return m_json.value(QStringLiteral("panels")).toArray(); }
    void setPanels(const QJsonArray &panels) { m_json.insert(QStringLiteral("panels"), panels); }

    QJsonObject m_json;
};

} // namespace tideline::models
