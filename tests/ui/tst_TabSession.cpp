// Editor tabs survive a crash: their text is journalled (debounced, atomic) while the user
// types, so a window destroyed without a clean close comes back with its tabs in a new window.
// Closing a tab cancels its query.
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include "models/TabJournal.h"
#include "tests/models/FakeClient.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/SqlEditor.h"
#include "ui/TabSessionKeeper.h"

using namespace tideline;

class tst_TabSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tabsComeBackAfterACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state/tabs.json"));
        tests::FakeClient client;
        auto *window = new ui::MainWindow(&client);
        auto *journal = new models::TabJournal(path);
        journal->setDebounceMs(50);
        auto *keeper = new ui::TabSessionKeeper(window, journal);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto *plus = window->findChild<QToolButton *>(QStringLiteral("newTabButton"));
        const QStringList texts = {QStringLiteral("SELECT * FROM devices"), QStringLiteral("SELECT count() FROM tumble(devices, 5s) GROUP BY window_start")};
        QStringList typed; // as the editor has it (completion may add to what was typed)
        for (const QString &text : texts) {
            QTest::mouseClick(plus, Qt::LeftButton);
            ui::SqlEditor *editor = window->currentQueryTab()->editor();
            editor->setFocus();
            QTest::keyClicks(editor, text);
            typed << editor->toPlainText();
        }
        window->tabs()->setCurrentIndex(0);
        // Saved while typing, with no close: what a crash would leave on disk.
        auto onDisk = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QTRY_VERIFY(onDisk().contains("GROUP BY window_start") && onDisk().contains("\"current\":0") && !journal->isDirty());
        const QByteArray crashState = onDisk();

        // The crash: the window goes away without closeEvent, the journal is never flushed.
        delete keeper;
        delete window;
        QCOMPARE(onDisk(), crashState);
        QVERIFY(!journal->isDirty());
        delete journal;

        models::TabJournal again(path);
        ui::MainWindow window2(&client);
        ui::TabSessionKeeper keeper2(&window2, &again);
        QCOMPARE(keeper2.restore(), 2);
        QCOMPARE(window2.tabs()->count(), 2);
        QCOMPARE(window2.tabs()->currentIndex(), 0);
        for (int i = 0; i < 2; ++i) {
            auto *tab = qobject_cast<ui::QueryTab *>(window2.tabs()->widget(i));
            QCOMPARE(tab->editor()->toPlainText(), typed.at(i));
            QCOMPARE(window2.tabs()->tabText(i), QStringLiteral("query %1").arg(i + 1));
        }
    }

    // An object page between editor tabs is not journalled, and the editor tab that was in
    // front comes back in front (the journal counts editor tabs, not tab-widget positions).
    void theFrontEditorTabComesBackInFrontPastObjectPages()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tabs.json"));
        tests::FakeClient client;
        {
            models::TabJournal journal(path);
            ui::MainWindow window(&client);
            ui::TabSessionKeeper keeper(&window, &journal);
            window.openObjectPage(client::Resource::Stream, QStringLiteral("devices"), QStringLiteral("default"), QJsonObject{{QStringLiteral("name"), QStringLiteral("devices")}});
            window.newQueryTab(QStringLiteral("SELECT 1"));
            ui::QueryTab *second = window.newQueryTab(QStringLiteral("SELECT 2"));
            window.tabs()->setCurrentWidget(second);
            QCOMPARE(window.tabs()->currentIndex(), 2);
            QTRY_VERIFY(journal.load().tabs.size() == 2 || journal.isDirty());
            journal.flush();
            QCOMPARE(journal.load().tabs.size(), 2);
            QCOMPARE(journal.load().current, 1);
        }
        models::TabJournal again(path);
        ui::MainWindow window(&client);
        ui::TabSessionKeeper keeper(&window, &again);
        window.newQueryTab(QStringLiteral("-- a tab that was already open"));
        QCOMPARE(keeper.restore(), 2);
        auto *front = qobject_cast<ui::QueryTab *>(window.tabs()->currentWidget());
        QVERIFY(front);
        QCOMPARE(front->editor()->toPlainText(), QStringLiteral("SELECT 2"));
    }

    void closingATabCancelsItsQueryAndDropsItFromTheJournal()
    {
        QTemporaryDir dir;
        models::TabJournal journal(dir.filePath(QStringLiteral("tabs.json")));
        journal.setDebounceMs(10);
        tests::FakeClient client;
        ui::MainWindow window(&client);
        ui::TabSessionKeeper keeper(&window, &journal);
        window.show();
        window.newQueryTab(QStringLiteral("SELECT 1"));
        ui::QueryTab *tab = window.newQueryTab(QStringLiteral("SELECT * FROM devices"));
        tab->runCurrent();
        QTRY_VERIFY(client.lastHandle && client.lastHandle->isRunning());
        QPointer<tests::FakeQueryHandle> handle = client.lastHandle;
        QSignalSpy saved(&journal, &models::TabJournal::saved);
        QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
        QTRY_VERIFY(handle.isNull()); // the handle went with the tab: deleting a handle cancels its query
        QTRY_VERIFY(!journal.isDirty() && saved.count() > 0);
        const models::TabJournal::Session session = journal.load();
        QCOMPARE(session.tabs.size(), 1);
        QCOMPARE(session.tabs.first().sql, QStringLiteral("SELECT 1"));
    }
};

QTEST_MAIN(tst_TabSession)
#include "tst_TabSession.moc"
