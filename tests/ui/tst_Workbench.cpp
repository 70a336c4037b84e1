// The workbench on the offscreen platform, clicked like a user: type a query, run it, see rows
// arrive in the grid, pause, filter, cancel, export; errors underlined; explorer search.
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>
#include "models/HistoryModel.h"
#include "models/ObjectTreeModel.h"
#include "models/ResultModel.h"
#include "tests/models/FakeClient.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/ResultView.h"
#include "ui/SqlEditor.h"

using namespace tideline;

class tst_Workbench : public QObject {
    Q_OBJECT
private:
    template <typename T>
    static T *child(QWidget *parent, const char *name)
    {
        T *w = parent->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void typeRunPauseCancelExport()
    {
        tests::FakeClient client;
        client.rowsPerTick = 40;
        ui::MainWindow window(&client);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(child<QToolButton>(&window, "newTabButton"), Qt::LeftButton);
        ui::QueryTab *tab = window.currentQueryTab();
        QVERIFY(tab);
        ui::SqlEditor *editor = child<ui::SqlEditor>(tab, "sqlEditor");
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral("SELECT 1;"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("SELECT * FROM devices"));
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(client.queriesRun, 1);
        QCOMPARE(client.lastHandle->sql(), QStringLiteral("SELECT * FROM devices")); // the statement at the cursor

        auto *table = child<QTableView>(tab, "resultTable");
        QTRY_VERIFY(table->model()->rowCount() >= 80);
        QCOMPARE(table->model()->columnCount(), 3);
        QTRY_VERIFY(child<QLabel>(tab, "countersLabel")->text().contains(QLatin1String("ev/s")));
        QVERIFY(tab->isRunning());
        QTRY_VERIFY(child<QLabel>(&window, "runningLabel")->text().contains(QLatin1String("1")));

        auto *pause = child<QToolButton>(tab, "pauseButton");
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(tab->resultModel()->isPaused());
        const int frozen = table->model()->rowCount();
        QTest::qWait(120);
        QCOMPARE(table->model()->rowCount(), frozen); // the view holds still...
        QVERIFY(tab->resultModel()->rowsWhilePaused() > 0); // ...while the query goes on
        QVERIFY(child<QLabel>(tab, "countersLabel")->text().contains(QLatin1String("paused")));
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_VERIFY(table->model()->rowCount() > frozen);

        QTest::keyClicks(child<QLineEdit>(tab, "resultFilter"), QStringLiteral("device-3"));
        QTRY_VERIFY(table->model()->rowCount() > 0);
        QVERIFY(table->model()->index(0, 1).data().toString() == QLatin1String("device-3"));

        QTest::mouseClick(child<QToolButton>(tab, "stopButton"), Qt::LeftButton);
        QTRY_VERIFY(!tab->isRunning());
        QVERIFY(client.lastHandle->wasCancelled());
        QTRY_COMPARE(window.historyModel()->entry(0).status, QStringLiteral("canceled"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rows.csv"));
        tab->resultView()->setExportPathProvider([path](ui::ResultView::ExportFormat) { return path; });
        QTest::mouseClick(child<QToolButton>(tab, "exportCsvButton"), Qt::LeftButton);
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("id,device,temp"));
        QCOMPARE(lines.size() - 2, table->model()->rowCount()); // header + trailing newline
    }

    void escapeCancelsAndErrorsAreUnderlined()
    {
        tests::FakeClient client;
        ui::MainWindow window(&client);
        window.show();
        ui::QueryTab *tab = window.newQueryTab(QStringLiteral("SELECT * FROM devices"));
        ui::SqlEditor *editor = tab->editor();
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(tab->isRunning());
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(!tab->isRunning());

        editor->setPlainText(QStringLiteral("create stream s;\nSELECT bad FROM x")); // the script moves on when the first finishes
        QTest::mouseClick(child<QToolButton>(tab, "runScriptButton"), Qt::LeftButton);
        QTRY_VERIFY(editor->hasError());
        QVERIFY(child<QLabel>(tab, "messagesLabel")->text().contains(QLatin1String("62")));
        QCOMPARE(editor->extraSelections().size(), 1);
        QCOMPARE(editor->extraSelections().first().cursor.selectedText(), QStringLiteral("bad"));
        QTest::keyClicks(editor, QStringLiteral(" "));
        QVERIFY(!editor->hasError()); // an edit clears the underline
    }

    void formatAndExplorer()
    {
        tests::FakeClient client;
        client.objects[int(client::Resource::Stream)] = {QJsonObject{{QStringLiteral("name"), QStringLiteral("devices")}},
                                                         QJsonObject{{QStringLiteral("name"), QStringLiteral("orders")}}};
        client.objects[int(client::Resource::SavedQuery)] = {QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
            {QStringLiteral("name"), QStringLiteral("Hot")}, {QStringLiteral("sql"), QStringLiteral("SELECT 42")}}};
        ui::MainWindow window(&client);
        window.show();
        QSignalSpy loaded(window.objectModel(), &models::ObjectTreeModel::loaded);
        client.open();
        QVERIFY(loaded.wait());
        QVERIFY(child<QLabel>(&window, "connectionLabel")->text().contains(QLatin1String("connected")));
        QTest::keyClicks(child<QLineEdit>(&window, "explorerSearch"), QStringLiteral("dev"));
        auto *tree = child<QTreeView>(&window, "explorerTree");
        const QModelIndex group = tree->model()->index(0, 0).model()->index(0, 0, tree->model()->index(0, 0));
        QCOMPARE(tree->model()->rowCount(group), 1);
        const QModelIndex devices = tree->model()->index(0, 0, group);
        QCOMPARE(devices.data().toString(), QStringLiteral("devices"));
        Q_EMIT tree->activated(devices);
        QCOMPARE(window.currentQueryTab()->editor()->toPlainText(), QStringLiteral("SELECT * FROM devices"));

        window.currentQueryTab()->editor()->setPlainText(QStringLiteral("SELECT a FROM t WHERE a > 1"));
        QTest::mouseClick(child<QToolButton>(window.currentQueryTab(), "formatButton"), Qt::LeftButton);
        QTRY_COMPARE(window.currentQueryTab()->editor()->toPlainText(), QStringLiteral("SELECT a\nFROM t\nWHERE a > 1"));

        const int tabs = window.tabs()->count();
        QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
        QTRY_COMPARE(window.tabs()->count(), tabs - 1);
    }
};

QTEST_MAIN(tst_Workbench)
#include "tst_Workbench.moc"
