// Dashboards end to end on both backends, clicked like a user under the offscreen platform:
// the local embedded engine (a temporary folder) and a real tidelined started here on
// 127.0.0.1:0. Build a dashboard with a selector filter and two live chart panels on one
// backend, watch rows arrive, change the filter (only the panel using it re-runs), drag and
// resize a panel, save; move it to the other backend through the JSON page, save there,
// reopen it from that backend's list and watch it live again. A dashboard written in the
// Timeplus Console's JSON dialect round-trips exactly through open / edit-nothing / save on both.
// Streaming queries are tails of a stream (no processing-time emits), so nothing waits on a
// clock; waits spin the event loop until a condition holds.
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <cmath>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "models/ChartData.h"
#include "tests/ui/BothBackends.h"
#include "ui/charts/ChartSettings.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/XYChart.h"
#include "ui/dashboard/DashboardGrid.h"
#include "ui/dashboard/DashboardTab.h"
#include "ui/dashboard/PanelEditor.h"
#include "ui/dashboard/PanelWidget.h"
#include "tests/ui/UiTestUtil.h"

using namespace tideline;
using namespace tideline::tests;
using ui::dashboard::DashboardTab;
using ui::dashboard::PanelWidget;

namespace {

// A dashboard in the Console's dialect (tests/ui/data/console-dashboard.json): chartType + config,
// xRange as a string, updateMode and updateKey, a {{filter_*}} variable, a markdown chart's
// mdString, a selector control, 12-column positions with nextX/nextY, and keys Tideline does not
// interpret (lineStyle, dataLabel, ...).
QJsonObject consoleDashboard()
{
    QFile file(qEnvironmentVariable("TIDELINE_SOURCE_DIR") + QStringLiteral("/tests/ui/data/console-dashboard.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class tst_Dashboards : public QObject {
    Q_OBJECT
private:
    tests::BothBackends m_backends;
    int m_next = 0;

    client::WorkspaceClient *backend(bool remote) { return m_backends.backend(remote); }

    client::Reply call(const std::function<void(client::Callback)> &request)
    {
        client::Reply reply;
        bool done = false;
        request([&](const client::Reply &r) { reply = r; done = true; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
        return reply;
    }

    // Ingests one row per device (device-1 and device-2) with increasing times and temperatures.
    void ingest(client::WorkspaceClient *c, int rounds = 1)
    {
        QJsonArray rows;
        for (int i = 0; i < rounds; ++i, ++m_next) {
            const QString ts = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(m_next).toString(Qt::ISODateWithMs);
            rows.append(QJsonArray{ts, QStringLiteral("device-1"), 20 + m_next % 5});
            rows.append(QJsonArray{ts, QStringLiteral("device-2"), 30 + m_next % 7});
        }
        const QJsonObject body{{QStringLiteral("columns"), QJsonArray{QStringLiteral("ts"), QStringLiteral("device"), QStringLiteral("temp")}},
                               {QStringLiteral("data"), rows}};
        const client::Reply r = call([&](client::Callback done) {
            c->ingest(QStringLiteral("devices"), client::IngestFormat::Compact, QJsonDocument(body).toJson(QJsonDocument::Compact), done);
        });
        QVERIFY2(r.ok, qPrintable(r.error.message));
    }

    // Waits until every chart panel's query is subscribed, so rows ingested next are seen.
    void waitSubscribed(DashboardTab &tab)
    {
        for (PanelWidget *p : tab.panels())
            if (p->chartView())
                QTRY_VERIFY_WITH_TIMEOUT(p->query() && !p->query()->id().isEmpty(), 20000);
    }

    PanelWidget *lastPanel(DashboardTab &tab) { return tab.panels().isEmpty() ? nullptr : tab.panels().last(); }

    void buildDashboard(DashboardTab &tab, client::WorkspaceClient *c);
    void checkLive(DashboardTab &tab, client::WorkspaceClient *c);

private Q_SLOTS:
    void initTestCase() { m_backends.open(QStringLiteral("CREATE STREAM devices (ts datetime64(3, 'UTC'), device string, temp float64)")); }

    void buildSaveAndReopenOnTheOtherBackend_data()
    {
        QTest::addColumn<bool>("remoteFirst");
        QTest::newRow("local then tidelined") << false;
        QTest::newRow("tidelined then local") << true;
    }

    void buildSaveAndReopenOnTheOtherBackend()
    {
        QFETCH(bool, remoteFirst);
        client::WorkspaceClient *first = backend(remoteFirst), *second = backend(!remoteFirst);
        QJsonObject saved;
        {
            DashboardTab tab(first, models::DashboardDocument::newDashboard(QStringLiteral("Fleet")).toJson());
            tab.resize(1280, 800);
            tab.show();
            QVERIFY(QTest::qWaitForWindowExposed(&tab));
            tab.setEditing(true);
            buildDashboard(tab, first);
            checkLive(tab, first);
            QSignalSpy savedSpy(&tab, &DashboardTab::saved);
            click(&tab, "dashboardSaveButton");
            QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, 20000);
            QVERIFY(!tab.isDirty());
            saved = tab.document().toJson();
            const client::Reply stored = call([&](client::Callback done) { first->get(client::Resource::Dashboard, tab.dashboardId(), done); });
            QVERIFY(stored.ok);
            QCOMPARE(stored.value.toObject().value(QStringLiteral("panels")).toArray(), saved.value(QStringLiteral("panels")).toArray());
        }
        // To the other backend through the JSON page, then saved there.
        QString id;
        {
            DashboardTab tab(second, models::DashboardDocument::newDashboard(QStringLiteral("scratch")).toJson());
            tab.show();
            click(&tab, "dashboardJsonButton");
            tab.jsonEdit()->setPlainText(QString::fromUtf8(QJsonDocument(saved).toJson()));
            click(&tab, "dashboardJsonApplyButton");
            QCOMPARE(tab.document().name(), QStringLiteral("Fleet"));
            QSignalSpy savedSpy(&tab, &DashboardTab::saved);
            click(&tab, "dashboardSaveButton");
            QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, 20000);
            id = savedSpy.first().first().toString();
            QVERIFY(!id.isEmpty());
        }
        // Reopened from the second backend's list: the same panels, live again.
        const client::Reply list = call([&](client::Callback done) { second->list(client::Resource::Dashboard, done); });
        QJsonObject reopened;
        for (const QJsonValue &d : list.value.toArray())
            if (d.toObject().value(QStringLiteral("id")).toString() == id)
                reopened = d.toObject();
        QCOMPARE(reopened.value(QStringLiteral("panels")).toArray(), saved.value(QStringLiteral("panels")).toArray());
        DashboardTab tab(second, reopened);
        tab.resize(1280, 800);
        tab.show();
        QVERIFY(!tab.isEditing());
        checkLive(tab, second);
    }

    void consoleJsonRoundTripsExactly_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::newRow("local") << false;
        QTest::newRow("tidelined") << true;
    }

    void consoleJsonRoundTripsExactly()
    {
        QFETCH(bool, remote);
        client::WorkspaceClient *c = backend(remote);
        const QJsonObject console = consoleDashboard();
        QVERIFY(!console.isEmpty());
        const client::Reply created = call([&](client::Callback done) { c->create(client::Resource::Dashboard, console, done); });
        QVERIFY2(created.ok, qPrintable(created.error.message));
        const QString id = created.value.toObject().value(QStringLiteral("id")).toString();
        const client::Reply got = call([&](client::Callback done) { c->get(client::Resource::Dashboard, id, done); });
        DashboardTab tab(c, got.value.toObject());
        tab.resize(1280, 800);
        tab.show();
        QCOMPARE(tab.panels().size(), 5);
        waitSubscribed(tab);
        ingest(c, 3);
        auto *table = tab.panelWidget(QStringLiteral("p-latest"));
        QTRY_VERIFY_WITH_TIMEOUT(table->chartData()->rows().size() == 2, 20000); // latest row per device
        auto *md = tab.panelWidget(QStringLiteral("p-md"));
        QTRY_VERIFY_WITH_TIMEOUT(md->chartData()->rowsReceived() >= 6, 20000);
        // Touch nothing of substance: open each chart's editor and apply it unchanged, round-trip
        // the JSON page, then save.
        tab.setEditing(true);
        for (const char *pid : {"p-temp", "p-latest", "p-md", "f-device"}) {
            PanelWidget *p = tab.panelWidget(QLatin1String(pid));
            QTest::mouseClick(child<QToolButton>(p, "panelEditButton"), Qt::LeftButton);
            QTRY_VERIFY(tab.panelEditor() && tab.panelEditor()->isVisible());
            click(tab.panelEditor(), "panelApplyButton");
            tab.panelEditor()->close();
        }
        click(&tab, "dashboardJsonButton");
        click(&tab, "dashboardJsonApplyButton");
        QVERIFY(!tab.isDirty());
        QSignalSpy savedSpy(&tab, &DashboardTab::saved);
        tab.save();
        QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, 20000);
        const client::Reply after = call([&](client::Callback done) { c->get(client::Resource::Dashboard, id, done); });
        const QJsonObject back = after.value.toObject();
        QCOMPARE(back.value(QStringLiteral("panels")).toArray(), console.value(QStringLiteral("panels")).toArray());
        QCOMPARE(back.value(QStringLiteral("name")), console.value(QStringLiteral("name")));
        QCOMPARE(back.value(QStringLiteral("description")), console.value(QStringLiteral("description")));
    }
};

void tst_Dashboards::buildDashboard(DashboardTab &tab, client::WorkspaceClient *)
{
    // A selector filter with static options.
    click(&tab, "addFilterButton");
    auto *editor = tab.panelEditor();
    QVERIFY(editor && editor->isVisible());
    typeInto(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("Device"));
    typeInto(child<QLineEdit>(editor, "filterVariableEdit"), QStringLiteral("filter_device"));
    typeInto(child<QLineEdit>(editor, "filterOptionsEdit"), QStringLiteral("device-1, device-2"));
    typeInto(child<QLineEdit>(editor, "filterDefaultEdit"), QStringLiteral("device-1"));
    click(editor, "panelApplyButton");
    editor->close();
    QCOMPARE(tab.variables().value(QStringLiteral("filter_device")), QStringLiteral("device-1"));

    // Chart 1: a line of one device's temperature, filtered.
    click(&tab, "addChartButton");
    editor = tab.panelEditor();
    typeInto(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("Temperature"));
    typeInto(child<QPlainTextEdit>(editor, "panelContentEdit"), QStringLiteral("SELECT ts, device, temp FROM devices WHERE device = {{filter_device}}"));
    click(editor, "panelApplyButton");
    editor->close();

    // Chart 2: columns of the latest temperature per device; its type is chosen once the
    // panel has run and the editor knows the columns.
    click(&tab, "addChartButton");
    editor = tab.panelEditor();
    typeInto(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("Latest per device"));
    typeInto(child<QPlainTextEdit>(editor, "panelContentEdit"), QStringLiteral("SELECT device, temp FROM devices"));
    click(editor, "panelApplyButton");
    editor->close();
    PanelWidget *bars = lastPanel(tab);
    QTRY_VERIFY_WITH_TIMEOUT(!bars->chartData()->columns().isEmpty(), 20000);
    QTest::mouseClick(child<QToolButton>(bars, "panelEditButton"), Qt::LeftButton);
    editor = tab.panelEditor();
    auto *settings = editor->chartSettings();
    choose(child<QComboBox>(settings, "chartTypeCombo"), QStringLiteral("Column"));
    choose(child<QComboBox>(settings, "updateModeCombo"), QStringLiteral("Latest row per key"));
    choose(child<QComboBox>(settings, "updateKeyCombo"), QStringLiteral("device"));
    click(editor, "panelApplyButton");
    editor->close();
    QCOMPARE(tab.panels().size(), 3);

    // Drag the bars panel to the right of the line and make it taller.
    bars = lastPanel(tab);
    const int index = tab.document().indexOfPanel(bars->panelId());
    const QRect before = tab.document().position(index);
    const double cell = tab.grid()->width() / 12.0;
    QWidget *header = bars->header();
    QTest::mousePress(header, Qt::LeftButton, {}, QPoint(20, 8));
    QMouseEvent move(QEvent::MouseMove, QPointF(20 + 6 * cell, 8 - before.y() * 64.0 + 64.0),
                     header->mapToGlobal(QPointF(20 + 6 * cell, 8 - before.y() * 64.0 + 64.0)), Qt::NoButton, Qt::LeftButton, {});
    QApplication::sendEvent(header, &move);
    // The header moved with the mouse: the release is where the pointer is, in its new frame.
    QTest::mouseRelease(header, Qt::LeftButton, {}, QPoint(20, 8));
    const QRect after = tab.document().position(index);
    QCOMPARE(after.x(), 6);
    QCOMPARE(after.width(), before.width());
    QWidget *grip = bars->resizeGrip();
    QTest::mousePress(grip, Qt::LeftButton, {}, QPoint(4, 4));
    QTest::mouseRelease(grip, Qt::LeftButton, {}, QPoint(4, 4 + 128));
    QCOMPARE(tab.document().position(index).height(), after.height() + 2);
    const QJsonObject pos = tab.document().panel(index).value(QStringLiteral("position")).toObject();
    QCOMPARE(pos.value(QStringLiteral("nextX")).toInt(), pos.value(QStringLiteral("x")).toInt() + pos.value(QStringLiteral("w")).toInt());
}

void tst_Dashboards::checkLive(DashboardTab &tab, client::WorkspaceClient *c)
{
    PanelWidget *line = nullptr, *bars = nullptr, *filter = nullptr;
    for (PanelWidget *p : tab.panels()) {
        const QString title = p->panel().value(QStringLiteral("title")).toString();
        (title == QLatin1String("Temperature") ? line : title == QLatin1String("Device") ? filter : bars) = p;
    }
    QVERIFY(line && bars && filter);
    waitSubscribed(tab);
    ingest(c, 5);
    QTRY_VERIFY_WITH_TIMEOUT(line->chartData()->rowsReceived() == 5, 20000); // device-1 only
    QTRY_VERIFY_WITH_TIMEOUT(bars->chartData()->rows().size() == 2, 20000);
    QCOMPARE(line->chartView()->xyChart()->seriesNames(), QStringList{QStringLiteral("device-1")});
    QTRY_COMPARE(bars->chartView()->xyChart()->pointsDrawn(), 2);

    // The filter: picking device-2 re-runs the line panel only.
    client::QueryHandle *barsQuery = bars->query();
    auto *combo = child<QComboBox>(filter, "filter_device");
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(tab.variables().value(QStringLiteral("filter_device")), QStringLiteral("device-2"));
    QVERIFY(line->runSql().contains(QLatin1String("'device-2'")));
    QCOMPARE(bars->query(), barsQuery);
    waitSubscribed(tab);
    ingest(c, 2);
    QTRY_VERIFY_WITH_TIMEOUT(line->chartData()->rowsReceived() == 2, 20000);
    QTRY_COMPARE(line->chartView()->xyChart()->seriesNames(), QStringList{QStringLiteral("device-2")});

    // A panel's SQL opens in an editor.
    QSignalSpy open(&tab, &DashboardTab::openSqlRequested);
    QTest::mouseClick(child<QToolButton>(line, "panelOpenSqlButton"), Qt::LeftButton);
    QCOMPARE(open.count(), 1);
    QVERIFY(open.first().first().toString().contains(QLatin1String("{{filter_device}}")));
    // Back to device-1 for the next backend's check.
    QTest::keyClick(combo, Qt::Key_Up);
}

QTEST_MAIN(tst_Dashboards)
#include "tst_Dashboards.moc"
