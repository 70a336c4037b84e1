// The tab journal: debounced (one write after a burst of changes), atomic, read back.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include "models/TabJournal.h"

using namespace tideline;
using models::TabJournal;

class tst_TabJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void debouncedAtomicRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a/b/tabs.json"));
        TabJournal journal(path);
        journal.setDebounceMs(30);
        QSignalSpy saved(&journal, &TabJournal::saved);
        TabJournal::Session s;
        for (int i = 0; i < 20; ++i) { // typing: many changes, one write
            s.tabs = {{QStringLiteral("q1"), QStringLiteral("SELECT ").repeated(i)}, {QStringLiteral("q2"), QStringLiteral("-- ü\nSELECT 2")}};
            s.current = 1;
            journal.update(s);
        }
        QVERIFY(journal.isDirty());
        QVERIFY(!QFile::exists(path));
        QTRY_COMPARE(saved.count(), 1);
        QVERIFY(!journal.isDirty());
        journal.update(s); // no change, no write
        QVERIFY(!journal.isDirty());

        TabJournal reader(path);
        const TabJournal::Session back = reader.load();
        QCOMPARE(back.tabs, s.tabs);
        QCOMPARE(back.current, 1);
        QVERIFY(QDir(dir.filePath(QStringLiteral("a/b"))).entryList(QDir::Files) == QStringList{QStringLiteral("tabs.json")}); // no temp files left

        s.tabs.removeLast();
        journal.update(s);
        journal.flush(); // a clean quit writes at once
        QCOMPARE(reader.load().tabs.size(), 1);
        QCOMPARE(reader.load().current, 0); // clamped to the tabs there are
        QVERIFY(TabJournal(dir.filePath(QStringLiteral("missing.json"))).load().tabs.isEmpty());
    }
};

QTEST_MAIN(tst_TabJournal)
#include "tst_TabJournal.moc"
