#include "ui/charts/MarkdownChart.h"
#include <QRegularExpression>
#include "models/ChartData.h"

namespace tideline::ui::charts {

MarkdownChart::MarkdownChart(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("markdownChart"));
    setOpenExternalLinks(true);
    setFrameShape(QFrame::NoFrame);
}

QString MarkdownChart::interpolate(const QString &markdown, const models::ChartData *data)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{\{\s*(?:@([^:}]+)::)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\})"));
    if (!data)
        return markdown;
    const auto &rows = data->rows();
    int keyColumn = data->columnIndex(data->config().updateKey());
    if (keyColumn < 0)
        keyColumn = 0;
    QString out;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(markdown); it.hasNext();) {
        const auto m = it.next();
        out += QStringView(markdown).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const int column = data->columnIndex(m.captured(2));
        if (column < 0) { // not a column (a dashboard filter, say): left as written
            out += m.captured();
            continue;
        }
        QString value;
        const QString key = m.captured(1);
        for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
            if (!key.isEmpty() && row->cells.value(keyColumn) != key)
                continue;
            value = row->cells.value(column);
            break;
        }
        out += value.isEmpty() ? QStringLiteral("–") : value;
    }
    out += QStringView(markdown).mid(last);
    return out;
}

void MarkdownChart::redraw(const models::ChartData *data)
{
    const QString source = m_template.isEmpty() && data ? data->config().markdown() : m_template;
    const QString text = interpolate(source, data);
    if (text == m_rendered)
        return;
    m_rendered = text;
    setMarkdown(text);
}

} // namespace tideline::ui::charts
