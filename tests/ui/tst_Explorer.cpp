// The explorer, detail pages and the command palette on the offscreen platform, clicked like a
// user: against FakeClient (every context action, drop confirmation, stats and sparkline,
// palette) and against a real LocalClient on a temporary data folder. With
// TIDELINE_SCREENSHOT_DIR set, screenshots() also saves its light and dark images there.
#include <algorithm>
#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>
#include "client/local/LocalClient.h"
#include "models/CommandPaletteModel.h"
#include "models/ObjectDetails.h"
#include "models/ObjectTreeModel.h"
#include "models/SchemaModel.h"
#include "tests/models/FakeClient.h"
#include "ui/CommandPalette.h"
#include "ui/ExplorerPanel.h"
#include "ui/MainWindow.h"
#include "ui/ObjectPage.h"
#include "ui/QueryTab.h"
#include "ui/Sparkline.h"
#include "ui/Theme.h"

using namespace tideline;
using client::Resource;
using Tree = models::ObjectTreeModel;

namespace {

QJsonArray columns(std::initializer_list<std::pair<const char *, const char *>> list)
{
    QJsonArray out;
    for (const auto &[name, type] : list)
        out.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)}, {QStringLiteral("type"), QString::fromLatin1(type)}});
    return out;
}

// A small workspace: two streams, an MV that reads one of them, a view, a dashboard, an alert.
void fill(tests::FakeClient &client)
{
    client.objects[int(Resource::Stream)] = {
        QJsonObject{{QStringLiteral("name"), QStringLiteral("devices")}, {QStringLiteral("description"), QStringLiteral("IoT readings")},
                    {QStringLiteral("columns"), columns({{"id", "int64"}, {"device", "string"}, {"temp", "float64"}, {"_tp_time", "datetime64(3, 'UTC')"}})}},
        QJsonObject{{QStringLiteral("name"), QStringLiteral("orders")}, {QStringLiteral("columns"), columns({{"order_id", "string"}, {"amount", "decimal(10, 2)"}})}}};
    client.objects[int(Resource::MaterializedView)] = {QJsonObject{{QStringLiteral("name"), QStringLiteral("device_avg")},
        {QStringLiteral("query"), QStringLiteral("SELECT device, avg(temp) FROM tumble(devices, 5s) GROUP BY device, window_start")},
        {QStringLiteral("columns"), columns({{"device", "string"}, {"avg(temp)", "float64"}})}}};
    client.objects[int(Resource::View)] = {QJsonObject{{QStringLiteral("name"), QStringLiteral("big_orders")}, {QStringLiteral("query"), QStringLiteral("SELECT * FROM orders WHERE amount > 100")}}};
    client.objects[int(Resource::Dashboard)] = {QJsonObject{{QStringLiteral("id"), QStringLiteral("d-1")}, {QStringLiteral("name"), QStringLiteral("Factory floor")}}};
    client.objects[int(Resource::Alert)] = {QJsonObject{{QStringLiteral("id"), QStringLiteral("a-1")}, {QStringLiteral("name"), QStringLiteral("Overheating")}}};
    client.objects[int(Resource::SavedQuery)] = {QJsonObject{{QStringLiteral("id"), QStringLiteral("s-1")}, {QStringLiteral("name"), QStringLiteral("Hot devices")},
                                                             {QStringLiteral("sql"), QStringLiteral("SELECT * FROM devices WHERE temp > 30")}}};
    QJsonArray history;
    for (double eps : {2.0, 3.5, 8.0, 6.0, 12.0, 9.5, 14.0, 11.0})
        history.append(QJsonObject{{QStringLiteral("written_eps"), eps}});
    client.statsFor[QStringLiteral("%1/devices").arg(int(Resource::Stream))] = {
        {QStringLiteral("row_count"), 120000}, {QStringLiteral("historical_data_bytes"), 4800000},
        {QStringLiteral("earliest_event"), QStringLiteral("2024-05-01T08:00:00.000Z")}, {QStringLiteral("latest_event"), QStringLiteral("2024-05-01T11:59:58.250Z")},
        {QStringLiteral("written_eps"), 10.4}, {QStringLiteral("read_eps"), 31.2}, {QStringLiteral("history"), history}};
}

} // namespace

class tst_Explorer : public QObject {
    Q_OBJECT
private:
    template <typename T>
    static T *child(QObject *parent, const char *name)
    {
        T *w = parent->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    static QMenu *openMenu(ui::MainWindow &window, const QModelIndex &index)
    {
        QTreeView *tree = window.explorer()->tree();
        tree->scrollTo(index);
        Q_EMIT tree->customContextMenuRequested(tree->visualRect(index).center());
        QMenu *menu = window.explorer()->findChild<QMenu *>(QStringLiteral("explorerContextMenu"));
        return menu && menu->isVisible() ? menu : nullptr;
    }
    static void clickAction(QMenu *menu, const char *name)
    {
        QAction *action = menu->findChild<QAction *>(QString::fromLatin1(name));
        if (!action)
            qFatal("no action %s", name);
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    }
    static QMessageBox *dropBox(QWidget &window)
    {
        for (QMessageBox *box : window.findChildren<QMessageBox *>(QStringLiteral("dropConfirmation")))
            if (box->isVisible())
                return box;
        return nullptr;
    }
    static ui::ObjectPage *currentPage(ui::MainWindow &window) { return qobject_cast<ui::ObjectPage *>(window.tabs()->currentWidget()); }
    static void load(ui::MainWindow &window)
    {
        QSignalSpy loaded(window.objectModel(), &Tree::loaded);
        window.refreshExplorer();
        QVERIFY(loaded.wait());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void filterAndEveryContextAction();
    void dropAsksOnceAndRefreshes();
    void detailPageShowsStatsAndPreview();
    void commandPaletteOpensObjectsAndRunsActions();
    void againstALocalWorkspace();
    void screenshots();

private:
    void grabAll(const QString &suffix);
};

void tst_Explorer::filterAndEveryContextAction()
{
    tests::FakeClient client;
    fill(client);
    ui::MainWindow window(&client);
    QAbstractItemModelTester tester(window.objectModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    client.open();
    load(window);
    QTest::keyClicks(child<QLineEdit>(&window, "explorerSearch"), QStringLiteral("temp")); // a column name
    QVERIFY(window.objectModel()->findObject(Resource::Stream, QStringLiteral("devices")).isValid());
    QVERIFY(!window.objectModel()->findObject(Resource::Stream, QStringLiteral("orders")).isValid());
    QVERIFY(!window.objectModel()->findObject(Resource::Dashboard, QStringLiteral("Factory floor")).isValid());
    const QModelIndex devices = window.objectModel()->findObject(Resource::Stream, QStringLiteral("devices"));
    QVERIFY(window.explorer()->tree()->isExpanded(devices.parent())); // the match is shown, not folded away

    const int tabs = window.tabs()->count();
    QMenu *menu = openMenu(window, devices);
    QVERIFY(menu);
    clickAction(menu, "queryAction");
    QTRY_COMPARE(window.tabs()->count(), tabs + 1);
    QCOMPARE(window.currentQueryTab()->editor()->toPlainText(), QStringLiteral("SELECT * FROM devices"));

    clickAction(openMenu(window, devices), "queryTableAction");
    QTRY_COMPARE(window.tabs()->count(), tabs + 2);
    QCOMPARE(window.currentQueryTab()->editor()->toPlainText(), QStringLiteral("SELECT * FROM table(devices)"));

    QGuiApplication::clipboard()->clear();
    clickAction(openMenu(window, devices), "copyNameAction");
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("devices"));

    clickAction(openMenu(window, devices), "showDdlAction");
    QTRY_VERIFY(currentPage(window));
    auto *ddl = child<QPlainTextEdit>(currentPage(window), "ddlText");
    QVERIFY(ddl->isVisible()); // the DDL section is the one shown
    QTRY_VERIFY(ddl->toPlainText().startsWith(QLatin1String("CREATE STREAM devices")));

    const int withPage = window.tabs()->count();
    window.tabs()->setCurrentIndex(0);
    clickAction(openMenu(window, devices), "openDetailsAction");
    QTRY_VERIFY(currentPage(window));
    QCOMPARE(window.tabs()->count(), withPage); // one page per object

    // A column has only "copy"; a kind's group offers only "New <kind>…"; a database has no menu.
    const QModelIndex temp = window.objectModel()->index(2, 0, devices);
    window.explorer()->tree()->expand(devices);
    QMenu *columnMenu = openMenu(window, temp);
    QVERIFY(columnMenu);
    QCOMPARE(columnMenu->actions().size(), 1);
    clickAction(columnMenu, "copyNameAction");
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("temp"));
    QMenu *groupMenu = window.explorer()->contextMenu(devices.parent());
    QVERIFY(groupMenu);
    QCOMPARE(groupMenu->actions().size(), 1);
    QCOMPARE(groupMenu->actions().first()->objectName(), QStringLiteral("newStreamAction"));
    QVERIFY(!window.explorer()->contextMenu(devices.parent().parent()));
}

void tst_Explorer::dropAsksOnceAndRefreshes()
{
    tests::FakeClient client;
    fill(client);
    ui::MainWindow window(&client);
    window.show();
    client.open();
    load(window);
    Tree *model = window.objectModel();
    clickAction(openMenu(window, model->findObject(Resource::Stream, QStringLiteral("devices"))), "dropAction");
    QTRY_VERIFY(dropBox(window));
    QMessageBox *box = dropBox(window);
    QVERIFY(box->text().contains(QLatin1String("devices")));
    QVERIFY2(box->informativeText().contains(QLatin1String("materialized view device_avg")), qPrintable(box->informativeText()));
    QCOMPARE(box->defaultButton()->objectName(), QStringLiteral("cancelDropButton"));
    QTest::mouseClick(child<QPushButton>(box, "cancelDropButton"), Qt::LeftButton);
    QTRY_VERIFY(!dropBox(window));
    QTest::qWait(20);
    QVERIFY(client.removed.isEmpty()); // cancel changes nothing

    clickAction(openMenu(window, model->findObject(Resource::Dashboard, QStringLiteral("Factory floor"))), "dropAction");
    QTRY_VERIFY(dropBox(window));
    QSignalSpy reloaded(model, &Tree::loaded);
    QTest::mouseClick(child<QPushButton>(dropBox(window), "confirmDropButton"), Qt::LeftButton);
    QVERIFY(reloaded.wait());
    QCOMPARE(client.removed, QStringList{QStringLiteral("d-1")}); // documents go by id
    QVERIFY(!model->findObject(Resource::Dashboard, QStringLiteral("Factory floor")).isValid());
    QVERIFY(model->findObject(Resource::Stream, QStringLiteral("devices")).isValid());
}

void tst_Explorer::detailPageShowsStatsAndPreview()
{
    tests::FakeClient client;
    fill(client);
    client.rowsPerTick = 25;
    ui::MainWindow window(&client);
    window.show();
    client.open();
    load(window);
    const QModelIndex devices = window.objectModel()->findObject(Resource::Stream, QStringLiteral("devices"));
    clickAction(openMenu(window, devices), "openDetailsAction");
    QTRY_VERIFY(currentPage(window));
    ui::ObjectPage *page = currentPage(window);
    page->setRefreshInterval(40);
    QAbstractItemModelTester tester(page->details()->schema(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(child<QLabel>(page, "statsRows")->text(), QLocale().toString(120000));
    QCOMPARE(client.lastHistoryDays, 1);
    QVERIFY(child<QLabel>(page, "statsLatest")->toolTip().startsWith(QLatin1String("2024-05-01T11:59:58.250")));
    QVERIFY(child<QLabel>(page, "statsAverage")->text().contains(QLatin1String("10.4")));
    QCOMPARE(child<ui::Sparkline>(page, "hourlySparkline")->values().size(), 8);

    // Rows keep arriving: the live sparkline gets rates from the row-count deltas.
    const QString key = QStringLiteral("%1/devices").arg(int(Resource::Stream));
    for (int i = 1; i <= 3; ++i) {
        QTest::qWait(50);
        client.statsFor[key][QStringLiteral("row_count")] = 120000 + i * 500;
    }
    QTRY_VERIFY(child<ui::Sparkline>(page, "liveSparkline")->values().size() >= 2);
    QTRY_VERIFY(std::ranges::any_of(child<ui::Sparkline>(page, "liveSparkline")->values(), [](double v) { return v > 0; }));

    auto *preview = child<QTableView>(page, "previewTable");
    QTRY_COMPARE(preview->model()->rowCount(), 25);
    QVERIFY(client.lastHandle->sql().contains(QLatin1String("table(devices) ORDER BY _tp_time DESC LIMIT")));
    QTRY_VERIFY(child<QLabel>(page, "previewStatus")->text().startsWith(QLatin1String("25 newest rows")));
    QCOMPARE(child<QTableView>(page, "schemaTable")->model()->rowCount(), 4);

    // A background page does not poll.
    QTest::mouseClick(child<QToolButton>(&window, "newTabButton"), Qt::LeftButton);
    QTest::qWait(60);
    const int requests = client.statsRequests;
    QTest::qWait(150);
    QCOMPARE(client.statsRequests, requests);

    // The page's Query button opens a live query tab.
    window.tabs()->setCurrentWidget(page);
    QTest::mouseClick(child<QToolButton>(page, "objectQueryButton"), Qt::LeftButton);
    QCOMPARE(window.currentQueryTab()->editor()->toPlainText(), QStringLiteral("SELECT * FROM devices"));
}

void tst_Explorer::commandPaletteOpensObjectsAndRunsActions()
{
    tests::FakeClient client;
    fill(client);
    ui::MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.open();
    load(window);
    ui::CommandPalette *palette = window.commandPalette();
    QAbstractItemModelTester tester(palette->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(palette->isVisible());
    QVERIFY(palette->input()->hasFocus());
    QVERIFY(palette->model()->rowCount() > 8); // objects and actions

    QTest::keyClicks(palette->input(), QStringLiteral("fctflr"));
    QCOMPARE(palette->list()->currentIndex().data().toString(), QStringLiteral("Factory floor"));
    QTest::keyClick(palette->input(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QTRY_VERIFY(currentPage(window));
    QCOMPARE(currentPage(window)->details()->name(), QStringLiteral("Factory floor"));
    QCOMPARE(currentPage(window)->details()->ddl().contains(QLatin1String("\"id\": \"d-1\"")), true);

    // An action: "new query tab" runs File > New query tab.
    const int tabs = window.tabs()->count();
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(palette->isVisible());
    QTest::keyClicks(palette->input(), QStringLiteral("new query tab"));
    QCOMPARE(palette->list()->currentIndex().data(models::CommandPaletteModel::ShortcutRole).toString(),
             QKeySequence(Qt::CTRL | Qt::Key_T).toString(QKeySequence::NativeText));
    QTest::keyClick(palette->input(), Qt::Key_Return);
    QTRY_COMPARE(window.tabs()->count(), tabs + 1);
    QVERIFY(window.currentQueryTab());

    // Arrows move, a click chooses, Esc closes.
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(palette->isVisible());
    QTest::keyClicks(palette->input(), QStringLiteral("dev"));
    QTest::keyClick(palette->input(), Qt::Key_Down);
    QCOMPARE(palette->list()->currentIndex().row(), 1);
    QTest::keyClick(palette->input(), Qt::Key_Escape);
    QVERIFY(!palette->isVisible());
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(palette->isVisible());
    QTest::keyClicks(palette->input(), QStringLiteral("orders"));
    QListView *list = palette->list();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(list->model()->index(0, 0)).center());
    QTRY_COMPARE(currentPage(window) ? currentPage(window)->details()->name() : QString(), QStringLiteral("orders"));
}

void tst_Explorer::againstALocalWorkspace()
{
    QTemporaryDir dir;
    client::LocalClient client(dir.path());
    QSignalSpy state(&client, &client::WorkspaceClient::stateChanged);
    client.open();
    QTRY_COMPARE(client.state(), client::ConnectionState::Connected);
    for (const char *sql : {"CREATE STREAM devices (id int64, device string, temp float64)",
                            "INSERT INTO devices (id, device, temp) VALUES (1, 'a', 20.5), (2, 'b', 21.5), (3, 'c', 35)",
                            "CREATE VIEW hot AS SELECT id, temp FROM devices WHERE temp > 30"}) {
        client::QueryHandle *q = client.runQuery(QString::fromLatin1(sql));
        QSignalSpy finished(q, &client::QueryHandle::finished);
        QVERIFY2(finished.wait(10000), sql);
        delete q;
    }
    ui::MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    load(window);
    Tree *model = window.objectModel();
    QTRY_VERIFY(model->findObject(Resource::Stream, QStringLiteral("devices")).isValid());
    QTest::keyClicks(child<QLineEdit>(&window, "explorerSearch"), QStringLiteral("devi"));
    QVERIFY(!model->findObject(Resource::View, QStringLiteral("hot")).isValid());
    child<QLineEdit>(&window, "explorerSearch")->clear();

    clickAction(openMenu(window, model->findObject(Resource::Stream, QStringLiteral("devices"))), "openDetailsAction");
    QTRY_VERIFY(currentPage(window));
    ui::ObjectPage *page = currentPage(window);
    QTRY_COMPARE(child<QLabel>(page, "statsRows")->text(), QStringLiteral("3"));
    QVERIFY(child<QLabel>(page, "statsEarliest")->text() != QLatin1String("–"));
    QTRY_COMPARE(child<QTableView>(page, "previewTable")->model()->rowCount(), 3);
    QTRY_VERIFY(page->details()->ddl().contains(QLatin1String("CREATE STREAM")));
    QCOMPARE(child<QTableView>(page, "schemaTable")->model()->index(2, 0).data().toString(), QStringLiteral("temp"));

    // The palette finds the view; its page previews the view's rows.
    window.activateWindow(); // offscreen does not give activation back when a popup menu closes
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(window.commandPalette()->isVisible());
    QTest::keyClicks(window.commandPalette()->input(), QStringLiteral("hot"));
    QTest::keyClick(window.commandPalette()->input(), Qt::Key_Return);
    QTRY_VERIFY(currentPage(window) && currentPage(window)->details()->name() == QLatin1String("hot"));
    QTRY_COMPARE(child<QTableView>(currentPage(window), "previewTable")->model()->rowCount(), 1);

    // Drop the view for real: confirmed, gone from the workspace and from the tree.
    clickAction(openMenu(window, model->findObject(Resource::View, QStringLiteral("hot"))), "dropAction");
    QTRY_VERIFY(dropBox(window));
    QTest::mouseClick(child<QPushButton>(dropBox(window), "confirmDropButton"), Qt::LeftButton);
    QTRY_VERIFY(!model->findObject(Resource::View, QStringLiteral("hot")).isValid());
    QVERIFY(model->findObject(Resource::Stream, QStringLiteral("devices")).isValid());
}

void tst_Explorer::screenshots()
{
    grabAll(QStringLiteral("light"));
    grabAll(QStringLiteral("dark"));
    ui::Theme::apply(ui::Theme::Mode::Light);
}

// The window with a context menu, a detail page with its sparklines, and the palette. Menus and
// message boxes are windows of their own: they are painted onto the window's image.
void tst_Explorer::grabAll(const QString &suffix)
{
    ui::Theme::apply(suffix == QLatin1String("dark") ? ui::Theme::Mode::Dark : ui::Theme::Mode::Light);
    tests::FakeClient client;
    fill(client);
    ui::MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.open();
    load(window);
    QTemporaryDir tmp;
    const QString dir = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : tmp.path();
    auto save = [&](const QString &name, QImage image) {
        QVERIFY(!image.isNull());
        QVERIFY(image.save(QStringLiteral("%1/explorer-%2-%3.png").arg(dir, name, suffix)));
    };

    const QModelIndex devices = window.objectModel()->findObject(Resource::Stream, QStringLiteral("devices"));
    window.explorer()->tree()->setCurrentIndex(devices);
    QMenu *menu = openMenu(window, devices);
    QVERIFY(menu);
    menu->setActiveAction(menu->findChild<QAction *>(QStringLiteral("queryAction")));
    QImage shot = window.grab().toImage();
    {
        QPainter p(&shot);
        p.drawPixmap(window.mapFromGlobal(menu->pos()), menu->grab());
    }
    save(QStringLiteral("context-menu"), shot);
    menu->close();

    client.rowsPerTick = 12;
    ui::ObjectPage *page = window.openObjectPage(Resource::Stream, QStringLiteral("devices"), QStringLiteral("default"),
                                                 devices.data(Tree::ObjectRole).toJsonObject());
    page->setRefreshInterval(30);
    const QString key = QStringLiteral("%1/devices").arg(int(Resource::Stream));
    const int bursts[] = {40, 55, 35, 80, 120, 95, 60, 70, 150, 130, 90, 110, 75, 140, 160, 125};
    for (int burst : bursts) { // traffic between polls, so the live line has a shape
        const int before = child<ui::Sparkline>(page, "liveSparkline")->values().size();
        client.statsFor[key][QStringLiteral("row_count")] = client.statsFor[key].value(QStringLiteral("row_count")).toInteger() + burst;
        QTRY_VERIFY(child<ui::Sparkline>(page, "liveSparkline")->values().size() > before);
    }
    // End on traffic, not on a pause: stop the ticks, let the answer in flight (if any) land,
    // then one more burst and one more sample.
    page->setRefreshInterval(60000);
    QSignalSpy sampled(page->details(), &models::ObjectDetails::statsChanged);
    page->details()->refreshStats(); // starts a request, or one is already in flight
    QVERIFY(sampled.wait());
    QTest::qWait(30); // for the picture only: a rate over ~30 ms like the others, not a spike over 1 ms
    client.statsFor[key][QStringLiteral("row_count")] = client.statsFor[key].value(QStringLiteral("row_count")).toInteger() + 100;
    page->details()->refreshStats();
    QVERIFY(sampled.wait());
    QVERIFY(child<ui::Sparkline>(page, "liveSparkline")->values().last() > 0);
    QTRY_COMPARE(child<QTableView>(page, "previewTable")->model()->rowCount(), 12);
    page->setRefreshInterval(2000); // what a user's page polls at (the caption says so)
    save(QStringLiteral("detail-page"), window.grab().toImage());

    window.showCommandPalette();
    QTest::keyClicks(window.commandPalette()->input(), QStringLiteral("de"));
    save(QStringLiteral("command-palette"), window.grab().toImage());
    QTest::keyClick(window.commandPalette()->input(), Qt::Key_Escape);

    clickAction(openMenu(window, devices), "dropAction");
    QTRY_VERIFY(dropBox(window));
    QMessageBox *box = dropBox(window);
    shot = window.grab().toImage();
    {
        QPainter p(&shot);
        p.drawPixmap(window.mapFromGlobal(box->mapToGlobal(QPoint(0, 0))), box->grab());
    }
    save(QStringLiteral("drop-confirmation"), shot);
    box->reject();
}

QTEST_MAIN(tst_Explorer)
#include "tst_Explorer.moc"
