#include "models/CommandPaletteModel.h"
#include <algorithm>
#include <numeric>

namespace tideline::models {

int CommandPaletteModel::fuzzyScore(QStringView pattern, QStringView text)
{
    if (pattern.isEmpty())
        return 0;
    int score = 0;
    int run = 0;      // consecutive matched characters so far
    qsizetype last = -1;
    qsizetype t = 0;
    for (QChar p : pattern) {
        const QChar want = p.toCaseFolded();
        while (t < text.size() && text[t].toCaseFolded() != want)
            ++t;
        if (t == text.size())
            return -1;
        const bool wordStart = t == 0 || !text[t - 1].isLetterOrNumber() || (text[t].isUpper() && text[t - 1].isLower());
        run = (last >= 0 && t == last + 1) ? run + 1 : 0;
        score += 10 + run * 8 + (wordStart ? 12 : 0) + (t == 0 ? 15 : 0);
        if (last >= 0)
            score -= int(std::min<qsizetype>(t - last - 1, 10)); // a gap costs, but not without bound
        last = t++;
    }
    return score * 4 - int(std::min<qsizetype>(text.size(), 40)); // shorter names win ties
}

void CommandPaletteModel::setEntries(const QList<Entry> &entries)
{
    beginResetModel();
    m_entries = entries;
    rank();
    endResetModel();
}

void CommandPaletteModel::setFilter(const QString &text)
{
    if (text.trimmed() == m_filter)
        return;
    beginResetModel();
    m_filter = text.trimmed();
    rank();
    endResetModel();
}

void CommandPaletteModel::rank()
{
    m_visible.clear();
    m_scores.clear();
    if (m_filter.isEmpty()) { // the entries' own order: objects, then actions
        m_visible.resize(m_entries.size());
        std::iota(m_visible.begin(), m_visible.end(), 0);
        m_scores.fill(0, m_entries.size());
        return;
    }
    QList<QPair<int, int>> hits; // (score, entry)
    for (int i = 0; i < m_entries.size(); ++i) {
        // The title is what users type; the detail ("stream", "Query") helps as a weaker match.
        int s = fuzzyScore(m_filter, m_entries[i].title);
        if (s < 0 && (s = fuzzyScore(m_filter, m_entries[i].detail + QLatin1Char(' ') + m_entries[i].title)) >= 0)
            s /= 2;
        if (s >= 0)
            hits.append({s, i});
    }
    std::stable_sort(hits.begin(), hits.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[score, i] : hits) {
        m_visible.append(i);
        m_scores.append(score);
    }
}

int CommandPaletteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

QVariant CommandPaletteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries[m_visible[index.row()]];
    switch (role) {
    case Qt::DisplayRole: return e.title;
    case Qt::DecorationRole: return e.icon;
    case Qt::ToolTipRole: return e.shortcut.isEmpty() ? e.detail : e.detail + QStringLiteral(" · ") + e.shortcut;
    case DetailRole: return e.detail;
    case ShortcutRole: return e.shortcut;
    case PayloadRole: return e.payload;
    case ScoreRole: return m_scores[index.row()];
    default: return {};
    }
}

} // namespace tideline::models
