#pragma once
// Markdown with live values (the Console's `md` chart and markdown panels): `{{column}}` is the
// latest row's value, `{{@key::column}}` the value in the latest row whose key column (the
// `updateKey`, else the first column) is `key`. Re-rendered only when the text changes.
#include <QTextBrowser>

namespace tideline::models {
class ChartData;
}

namespace tideline::ui::charts {

class MarkdownChart : public QTextBrowser {
    Q_OBJECT
public:
    explicit MarkdownChart(QWidget *parent = nullptr);
    // A fixed text (a markdown panel); data, when given, fills its placeholders.
    void setTemplate(const QString &markdown) { m_template = markdown; }
    void redraw(const models::ChartData *data);
    QString renderedMarkdown() const { return m_rendered; }
    static QString interpolate(const QString &markdown, const models::ChartData *data);

private:
    QString m_template;
    QString m_rendered;
};

} // namespace tideline::ui::charts
