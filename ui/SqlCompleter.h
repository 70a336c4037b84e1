#pragma once
// Autocomplete for SqlEditor: asks CompletionModel (computed off the GUI thread) after each
// word character or '.', and on Ctrl+Space; shows the answer in a QCompleter popup - the word,
// a kind badge and its detail (type, alias target or the function's one-line doc) - only if it
// still belongs to the latest request, so a slow answer never pops up over newer typing.
// Enter or Tab inserts the word in place of the prefix; Esc closes the popup (not the query).
#include <QObject>

class QCompleter;
class QKeyEvent;
class QTreeView;

namespace tideline::models {
class CompletionModel;
}

namespace tideline::ui {

class SqlEditor;

class SqlCompleter : public QObject {
    Q_OBJECT
public:
    SqlCompleter(SqlEditor *editor, models::CompletionModel *model);

    // Before the editor handles a key: true when the popup owns it (the editor must ignore it).
    bool popupOwnsKey(const QKeyEvent *event) const;
    // After the editor handled a key: starts a request when the key typed part of a word.
    void keyHandled(const QKeyEvent *event);
    void requestNow(); // Ctrl+Space
    bool isPopupVisible() const;
    QTreeView *popup() const { return m_popup; }
    models::CompletionModel *model() const { return m_model; }

private:
    void answered(quint64 request);
    void insert(const QString &word);

    SqlEditor *m_editor;
    models::CompletionModel *m_model;
    QCompleter *m_completer;
    QTreeView *m_popup;
    int m_requestCursor = -1;
};

} // namespace tideline::ui
