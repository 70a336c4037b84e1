#pragma once
// Ctrl+K: a search box over every object and every window action, drawn as an overlay at the
// top of the window (a child widget, not a popup window, so it never grabs the mouse and
// shows in QWidget::grab()). Typing ranks entries fuzzily; Up/Down move, Enter or a click
// chooses, Esc or a click elsewhere closes. What a choice does is the owner's business
// (chosen(payload)).
#include <QFrame>
#include "models/CommandPaletteModel.h"

class QLineEdit;
class QListView;

namespace tideline::ui {

class CommandPalette : public QFrame {
    Q_OBJECT
public:
    explicit CommandPalette(QWidget *window);

    models::CommandPaletteModel *model() const { return m_model; }
    QLineEdit *input() const { return m_input; }
    QListView *list() const { return m_list; }
    void setEntries(const QList<models::CommandPaletteModel::Entry> &entries);
    void popup(); // empties the box, shows the palette over the window's top centre, focuses it

Q_SIGNALS:
    void chosen(const QVariant &payload);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose(const QModelIndex &index);
    void place();
    void selectRow(int row);

    models::CommandPaletteModel *m_model;
    QLineEdit *m_input;
    QListView *m_list;
};

} // namespace tideline::ui
