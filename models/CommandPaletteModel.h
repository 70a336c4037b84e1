#pragma once
// The command palette's list (Ctrl+K): every object of the workspace and every action of the
// window, fuzzy-filtered and ranked as the user types. Entries carry an opaque payload the
// palette's owner interprets (ui/ maps it to a QAction or an object); the model knows nothing
// of widgets. The list is a few hundred entries, so each keystroke re-ranks it (one reset).
// GUI thread only.
#include <QAbstractListModel>
#include <QIcon>
#include <QVariant>

namespace tideline::models {

class CommandPaletteModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { DetailRole = Qt::UserRole + 1, ShortcutRole, PayloadRole, ScoreRole };

    struct Entry {
        QString title;    // "devices", "Run statement"
        QString detail;   // "stream · default", "Query"
        QString shortcut; // "Ctrl+Return", empty for objects
        QIcon icon;
        QVariant payload;
    };

    using QAbstractListModel::QAbstractListModel;

    void setEntries(const QList<Entry> &entries);
    void setFilter(const QString &text);
    QString filter() const { return m_filter; }
    const Entry &entry(int row) const { return m_entries[m_visible[row]]; }

    // Fuzzy match: every character of `pattern` appears in `text` in order (case-insensitive).
    // Returns -1 when it does not; otherwise higher is better: a prefix or word-start hit and
    // consecutive characters score more, gaps and a long text score less.
    static int fuzzyScore(QStringView pattern, QStringView text);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void rank();

    QList<Entry> m_entries;
    QList<int> m_visible;   // indexes into m_entries, best first
    QList<int> m_scores;    // parallel to m_visible
    QString m_filter;
};

} // namespace tideline::models
