#pragma once
// Help > Keyboard shortcuts: every shortcut of the workbench in one table.
#include <QDialog>

namespace tideline::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget *parent = nullptr);
};

} // namespace tideline::ui
