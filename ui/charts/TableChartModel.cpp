#include "ui/charts/TableChartModel.h"
#include <QJsonArray>
#include <QLocale>
#include "models/ChartData.h"

namespace tideline::ui::charts {

bool TableChartModel::matches(const QJsonObject &condition, const QString &cell)
{
    const QString op = condition.value(QStringLiteral("operator")).toString();
    const QJsonValue v = condition.value(QStringLiteral("value"));
    const QString target = v.isDouble() ? QString::number(v.toDouble()) : v.toString();
    if (op == QLatin1String("contains"))
        return cell.contains(target, Qt::CaseInsensitive);
    if (op == QLatin1String("!contains"))
        return !cell.contains(target, Qt::CaseInsensitive);
    bool okA = false, okB = false;
    const double a = cell.toDouble(&okA), b = target.toDouble(&okB);
    if (!okA || !okB)
        return op == QLatin1String("eq") && cell == target;
    if (op == QLatin1String("gt"))
        return a > b;
    if (op == QLatin1String("lt"))
        return a < b;
    if (op == QLatin1String("gte"))
        return a >= b;
    if (op == QLatin1String("lte"))
        return a <= b;
    return op == QLatin1String("eq") && a == b;
}

void TableChartModel::refresh(const models::ChartData &data)
{
    const models::ChartConfig &config = data.config();
    const QJsonObject styles = config.config().value(QStringLiteral("tableStyles")).toObject();
    const auto &columns = data.columns();
    std::vector<int> shown;
    QStringList headers;
    for (int c = 0; c < columns.size(); ++c) {
        const QJsonObject style = styles.value(columns[c].name).toObject();
        if (!style.value(QStringLiteral("show")).toBool(true))
            continue;
        shown.push_back(c);
        headers << style.value(QStringLiteral("name")).toString(columns[c].name);
    }
    beginResetModel(); // a few hundred rows at most: one reset per frame is the cheap path
    m_shown = shown;
    m_headers = headers;
    m_rows.clear();
    const auto &rows = data.rows();
    m_rows.reserve(rows.size());
    // Newest first, as the Console shows a live table.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        Row out;
        for (int c : m_shown) {
            const QJsonObject style = styles.value(columns[c].name).toObject();
            Cell cell{it->cells[c], {}, models::ChartConfig::isNumericType(columns[c].type)};
            if (cell.numeric && !cell.text.isEmpty()) {
                const double v = cell.text.toDouble();
                const int digits = style.value(QStringLiteral("fractionDigits")).toInt(config.decimals());
                const bool integral = columns[c].type.contains(QLatin1String("int"));
                cell.text = QLocale::system().toString(v, 'f', integral ? 0 : digits);
                if (it->previous.size() > c && style.value(QStringLiteral("trend")).toBool(true)) {
                    const double before = it->previous[c].toDouble();
                    if (v != before)
                        cell.text += QString::fromUtf8(v > before ? " ▲" : " ▼");
                    cell.color = v > before ? QColor(0x38, 0xA1, 0x69) : v < before ? QColor(0xE5, 0x3E, 0x3E) : QColor();
                }
            }
            const QJsonObject color = style.value(QStringLiteral("color")).toObject();
            if (color.value(QStringLiteral("type")).toString() == QLatin1String("condition")) {
                for (const QJsonValue &cond : color.value(QStringLiteral("conditions")).toArray()) {
                    if (!matches(cond.toObject(), it->cells[c]))
                        continue;
                    const QColor col(cond.toObject().value(QStringLiteral("color")).toString());
                    if (cond.toObject().value(QStringLiteral("highlightRow")).toBool())
                        out.background = col;
                    else
                        cell.color = col;
                    break;
                }
            }
            out.cells.push_back(std::move(cell));
        }
        m_rows.push_back(std::move(out));
    }
    endResetModel();
}

int TableChartModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TableChartModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

QVariant TableChartModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const Cell &cell = row.cells[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return cell.text;
    case Qt::ForegroundRole:
        return cell.color.isValid() ? QVariant(cell.color) : QVariant();
    case Qt::BackgroundRole:
        return row.background.isValid() ? QVariant(row.background) : QVariant();
    case Qt::TextAlignmentRole:
        return cell.numeric ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant TableChartModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section < m_headers.size())
        return m_headers[section];
    return {};
}

} // namespace tideline::ui::charts
