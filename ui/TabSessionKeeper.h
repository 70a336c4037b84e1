#pragma once
// Keeps the main window's query tabs in a TabJournal: watches tabs being opened, closed,
// moved and edited, and hands the journal the titles and SQL (the journal debounces and writes
// atomically). restore() reopens the journalled tabs at start. Observes the window from outside
// (no hooks in MainWindow); scans are queued, so a window being destroyed is never read.
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTabWidget;

namespace tideline::models {
class TabJournal;
}

namespace tideline::ui {

class MainWindow;

class TabSessionKeeper : public QObject {
    Q_OBJECT
public:
    TabSessionKeeper(MainWindow *window, models::TabJournal *journal, QObject *parent = nullptr);

    // Opens the journalled tabs in the window; returns how many.
    int restore();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void capture();

    QPointer<MainWindow> m_window;
    QPointer<QTabWidget> m_tabs;
    models::TabJournal *m_journal;
    QTimer m_scan;
};

} // namespace tideline::ui
