#include "ui/TabSessionKeeper.h"
#include <QEvent>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include "models/TabJournal.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"

namespace tideline::ui {

TabSessionKeeper::TabSessionKeeper(MainWindow *window, models::TabJournal *journal, QObject *parent)
    : QObject(parent), m_window(window), m_tabs(window->tabs()), m_journal(journal)
{
    m_scan.setSingleShot(true);
    m_scan.setInterval(0); // coalesces a burst of changes into one scan, after them
    connect(&m_scan, &QTimer::timeout, this, &TabSessionKeeper::capture);
    // Tabs come and go as children of the tab widget's stack.
    if (auto *stack = m_tabs->findChild<QStackedWidget *>())
        stack->installEventFilter(this);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, &m_scan, qOverload<>(&QTimer::start));
    connect(m_tabs, &QTabWidget::currentChanged, &m_scan, qOverload<>(&QTimer::start));
}

bool TabSessionKeeper::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ChildAdded || event->type() == QEvent::ChildRemoved)
        m_scan.start();
    return QObject::eventFilter(watched, event);
}

int TabSessionKeeper::restore()
{
    if (!m_window)
        return 0;
    const models::TabJournal::Session session = m_journal->load();
    QueryTab *current = nullptr;
    for (qsizetype i = 0; i < session.tabs.size(); ++i) {
        QueryTab *tab = m_window->newQueryTab(session.tabs[i].sql, session.tabs[i].title);
        if (i == session.current)
            current = tab;
    }
    if (current)
        m_tabs->setCurrentWidget(current);
    return int(session.tabs.size());
}

void TabSessionKeeper::capture()
{
    if (!m_tabs)
        return;
    // Only editor tabs are journalled (object pages and other views are reopened from the
    // explorer), so `current` counts editor tabs: the n-th one restored is the one to show.
    models::TabJournal::Session session;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<QueryTab *>(m_tabs->widget(i));
        if (!tab)
            continue;
        if (i == m_tabs->currentIndex())
            session.current = int(session.tabs.size());
        connect(tab->editor(), &QPlainTextEdit::textChanged, &m_scan, qOverload<>(&QTimer::start), Qt::UniqueConnection);
        session.tabs << models::TabJournal::Tab{m_tabs->tabText(i), tab->editor()->toPlainText()};
    }
    m_journal->update(session);
}

} // namespace tideline::ui
