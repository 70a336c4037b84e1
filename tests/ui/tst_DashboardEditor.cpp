// The dashboard tab's widgets against a scripted client (FakeClient: queries stream rows of
// (id, device, temp) every 20 ms; dashboards are kept in memory): build a dashboard with a
// filter and two charts from the toolbar and the panel editor, a filter change re-runs only the
// panels that use its variable, drag and resize snap to the 12-column grid and write
// x/y/w/h/nextX/nextY, the JSON page replaces the dashboard, Cancel returns to the saved state,
// and a Console dashboard survives open / apply-every-editor / JSON / save unchanged.
// The same flows on the real backends: tst_Dashboards.
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUuid>
#include <QtTest>
#include <cmath>
#include "ui/Theme.h"
#include "models/ChartData.h"
#include "tests/models/FakeClient.h"
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

// FakeClient whose dashboards get ids and can be read back.
class DashClient : public tests::FakeClient {
public:
    client::RequestId create(client::Resource r, const QJsonObject &body, client::Callback done) override
    {
        QJsonObject stored = body;
        stored.insert(QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        objects[int(r)].append(stored);
        ++creates;
        return FakeClient::update(r, {}, stored, done);
    }
    client::RequestId update(client::Resource r, const QString &key, const QJsonObject &body, client::Callback done) override
    {
        for (QJsonObject &o : objects[int(r)])
            if (o.value(QStringLiteral("id")).toString() == key) {
                for (auto it = body.begin(); it != body.end(); ++it)
                    o.insert(it.key(), it.value());
                ++updates;
                return FakeClient::update(r, key, o, done);
            }
        return FakeClient::update(r, key, body, done);
    }
    QJsonObject stored(client::Resource r, const QString &id) const
    {
        for (const QJsonObject &o : objects.value(int(r)))
            if (o.value(QStringLiteral("id")).toString() == id)
                return o;
        return {};
    }
    int creates = 0, updates = 0;
};

// Queries that answer realistic readings at once: (ts, device, temp) for SQL naming `ts`, else
// (device, temp); 150 rows per device, two seconds apart. For screenshots.
class ReadingsHandle : public client::QueryHandle {
public:
    ReadingsHandle(const QString &sql, QObject *parent) : client::QueryHandle(parent), m_sql(sql) {}
    QString id() const override { return QStringLiteral("readings"); }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return true; }
    bool isStreaming() const override { return true; }
    bool timed() const { return m_sql.contains(QLatin1String("ts,")); }
    QList<client::ColumnInfo> columns() const override
    {
        QList<client::ColumnInfo> c = {{QStringLiteral("device"), QStringLiteral("string")}, {QStringLiteral("temp"), QStringLiteral("float64")}};
        if (timed())
            c.prepend({QStringLiteral("ts"), QStringLiteral("datetime64(3, 'UTC')")});
        return c;
    }
    void cancel() override {}
    void start()
    {
        Q_EMIT started(QJsonObject{{QStringLiteral("id"), id()}});
        client::ResultBatch b(timed() ? 3 : 2);
        const QDateTime t0(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
        const bool only2 = m_sql.contains(QLatin1String("'device-2'")), only1 = m_sql.contains(QLatin1String("'device-1'"));
        for (int i = 0; i < 150; ++i) {
            for (int d = 1; d <= 2; ++d) {
                if ((d == 1 && only2) || (d == 2 && only1))
                    continue;
                if (timed())
                    b.appendCell(t0.addSecs(i * 2).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8());
                b.appendCell(QStringLiteral("device-%1").arg(d).toUtf8());
                const double v = d == 1 ? 22 + 4 * std::sin(i / 12.0) + (i % 5) * 0.3 : 31 + 3 * std::cos(i / 9.0) + (i % 3) * 0.4;
                b.appendCell(QByteArray::number(v, 'f', 2));
            }
        }
        Q_EMIT rows(b);
    }

private:
    QString m_sql;
};

class ReadingsClient : public DashClient {
public:
    client::QueryHandle *runQuery(const QString &sql, const client::QueryOptions &, QObject *parent) override
    {
        auto *h = new ReadingsHandle(sql, parent);
        QTimer::singleShot(0, h, [h] { h->start(); });
        return h;
    }
};

void setText(QLineEdit *e, const QString &t)
{
    e->setFocus();
    e->selectAll();
    QTest::keyClick(e, Qt::Key_Backspace);
    QTest::keyClicks(e, t);
}

QJsonObject consoleDashboard()
{
    QFile file(qEnvironmentVariable("TIDELINE_SOURCE_DIR") + QStringLiteral("/tests/ui/data/console-dashboard.json"));
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

} // namespace

class tst_DashboardEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buildFilterDragJsonSaveCancel()
    {
        DashClient c;
        c.rowsPerTick = 5;
        DashboardTab tab(&c, models::DashboardDocument::newDashboard(QStringLiteral("Ops")).toJson());
        tab.resize(1200, 800);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QVERIFY(!child<QToolButton>(&tab, "addChartButton")->isVisible()); // view mode
        click(&tab, "dashboardEditButton");
        QVERIFY(tab.isEditing());

        click(&tab, "addFilterButton");
        auto *editor = tab.panelEditor();
        setText(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("Device"));
        setText(child<QLineEdit>(editor, "filterVariableEdit"), QStringLiteral("filter_device"));
        setText(child<QLineEdit>(editor, "filterOptionsEdit"), QStringLiteral("device-1, device-2"));
        setText(child<QLineEdit>(editor, "filterDefaultEdit"), QStringLiteral("device-1"));
        click(editor, "panelApplyButton");
        QCOMPARE(tab.variables().value(QStringLiteral("filter_device")), QStringLiteral("device-1"));

        click(&tab, "addChartButton");
        editor = tab.panelEditor();
        setText(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("By device"));
        child<QPlainTextEdit>(editor, "panelContentEdit")->setPlainText(QStringLiteral("SELECT * FROM s WHERE device = {{filter_device}}"));
        click(editor, "panelApplyButton");
        click(&tab, "addChartButton");
        editor = tab.panelEditor();
        setText(child<QLineEdit>(editor, "panelTitleEdit"), QStringLiteral("All"));
        child<QPlainTextEdit>(editor, "panelContentEdit")->setPlainText(QStringLiteral("SELECT * FROM s"));
        click(editor, "panelApplyButton");
        editor->close();
        QCOMPARE(tab.panels().size(), 3);
        PanelWidget *filtered = tab.panels()[1], *all = tab.panels()[2];
        QVERIFY(filtered->runSql().contains(QLatin1String("'device-1'")));
        QTRY_VERIFY(filtered->chartData()->rowsReceived() > 0 && all->chartData()->rowsReceived() > 0);
        QCOMPARE(filtered->chartView()->currentRenderer(), filtered->chartView()->xyChart());

        // The filter re-runs the panel that uses it, and only that one.
        client::QueryHandle *allQuery = all->query();
        const int runsBefore = c.queriesRun;
        auto *combo = child<QComboBox>(tab.panels()[0], "filter_device");
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(tab.variables().value(QStringLiteral("filter_device")), QStringLiteral("device-2"));
        QVERIFY(filtered->runSql().contains(QLatin1String("'device-2'")));
        QCOMPARE(c.queriesRun, runsBefore + 1); // one panel re-ran
        QCOMPARE(all->query(), allQuery);

        // Drag "All" three columns right and one row down; resize it two rows taller.
        const int index = tab.document().indexOfPanel(all->panelId());
        const QRect before = tab.document().position(index);
        const double cell = tab.grid()->width() / 12.0;
        QTest::mousePress(all->header(), Qt::LeftButton, {}, QPoint(30, 8));
        const QPointF to(30 + 3 * cell, 8 + ui::dashboard::DashboardGrid::kRowHeight);
        QMouseEvent move(QEvent::MouseMove, to, all->header()->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, {});
        QApplication::sendEvent(all->header(), &move);
        // The header moved with the mouse: the release is where the pointer is, in its new frame.
        const QPoint releaseGlobal = all->header()->mapToGlobal(QPoint(30, 8)) + QPoint(0, 0);
        QTest::mouseRelease(all->header(), Qt::LeftButton, {}, all->header()->mapFromGlobal(releaseGlobal));
        const QRect moved = tab.document().position(index);
        QCOMPARE(moved, before.translated(3, 1));
        QTest::mousePress(all->resizeGrip(), Qt::LeftButton, {}, QPoint(4, 4));
        QTest::mouseRelease(all->resizeGrip(), Qt::LeftButton, {}, QPoint(4, 4 + 2 * ui::dashboard::DashboardGrid::kRowHeight));
        QCOMPARE(tab.document().position(index), QRect(moved.topLeft(), moved.size() + QSize(0, 2)));
        const QJsonObject pos = tab.document().panel(index).value(QStringLiteral("position")).toObject();
        QCOMPARE(pos.value(QStringLiteral("nextX")).toInt(), moved.x() + moved.width());
        QCOMPARE(pos.value(QStringLiteral("nextY")).toInt(), moved.y() + moved.height() + 2);

        // Save creates it; a second save updates it.
        QSignalSpy saved(&tab, &DashboardTab::saved);
        click(&tab, "dashboardSaveButton");
        QTRY_COMPARE(saved.count(), 1);
        const QString id = tab.dashboardId();
        QVERIFY(!id.isEmpty());
        QCOMPARE(c.stored(client::Resource::Dashboard, id).value(QStringLiteral("panels")), tab.document().toJson().value(QStringLiteral("panels")));
        QVERIFY(!tab.isDirty());

        // The JSON page: rename there, apply, then Cancel goes back to the saved state.
        click(&tab, "dashboardJsonButton");
        QJsonObject json = QJsonDocument::fromJson(tab.jsonEdit()->toPlainText().toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("id")).toString(), id);
        json.insert(QStringLiteral("name"), QStringLiteral("Ops (edited)"));
        tab.jsonEdit()->setPlainText(QString::fromUtf8(QJsonDocument(json).toJson()));
        click(&tab, "dashboardJsonApplyButton");
        QCOMPARE(tab.document().name(), QStringLiteral("Ops (edited)"));
        QVERIFY(tab.isDirty());
        tab.jsonEdit()->setPlainText(QStringLiteral("{ not json"));
        click(&tab, "dashboardJsonButton");
        click(&tab, "dashboardJsonButton");
        tab.jsonEdit()->setPlainText(QStringLiteral("{ not json"));
        QSignalSpy message(&tab, &DashboardTab::message);
        QVERIFY(!tab.applyJson());
        QCOMPARE(message.count(), 1);
        click(&tab, "dashboardJsonButton");
        click(&tab, "dashboardCancelButton");
        QCOMPARE(tab.document().name(), QStringLiteral("Ops"));
        QVERIFY(!tab.isEditing());
        QCOMPARE(tab.panels().size(), 3);

        // A panel's SQL opens in an editor, as written.
        QSignalSpy open(&tab, &DashboardTab::openSqlRequested);
        QTest::mouseClick(child<QToolButton>(tab.panels()[1], "panelOpenSqlButton"), Qt::LeftButton);
        QCOMPARE(open.first().first().toString(), QStringLiteral("SELECT * FROM s WHERE device = {{filter_device}}"));
    }

    void consoleDashboardSurvivesTheEditorsUnchanged()
    {
        DashClient c;
        const QJsonObject console = consoleDashboard();
        QVERIFY(!console.isEmpty());
        QJsonObject withId = console;
        withId.insert(QStringLiteral("id"), QStringLiteral("d-1"));
        c.objects[int(client::Resource::Dashboard)].append(withId);
        DashboardTab tab(&c, withId);
        tab.resize(1280, 800);
        tab.show();
        QCOMPARE(tab.panels().size(), 5);
        QCOMPARE(tab.variables().value(QStringLiteral("filter_device")), QStringLiteral("device-1"));
        QVERIFY(tab.panelWidget(QStringLiteral("p-temp"))->runSql().contains(QLatin1String("'device-1'")));
        QTRY_VERIFY(tab.panelWidget(QStringLiteral("p-md"))->chartData()->rowsReceived() > 0);
        tab.setEditing(true);
        for (const char *pid : {"p-temp", "p-latest", "p-md", "p-notes", "f-device"}) {
            QTest::mouseClick(child<QToolButton>(tab.panelWidget(QLatin1String(pid)), "panelEditButton"), Qt::LeftButton);
            click(tab.panelEditor(), "panelApplyButton");
            tab.panelEditor()->close();
        }
        click(&tab, "dashboardJsonButton");
        click(&tab, "dashboardJsonApplyButton");
        QVERIFY2(!tab.isDirty(), qPrintable(QJsonDocument(tab.document().toJson()).toJson()));
        tab.save();
        QTRY_COMPARE(c.updates, 1);
        const QJsonObject back = c.stored(client::Resource::Dashboard, QStringLiteral("d-1"));
        QCOMPARE(back.value(QStringLiteral("panels")).toArray(), console.value(QStringLiteral("panels")).toArray());
        QCOMPARE(back.value(QStringLiteral("description")), console.value(QStringLiteral("description")));
    }

    // A live dashboard (the Console one), light and dark: saved to $TIDELINE_SCREENSHOT_DIR when
    // it is set (docs/screenshots/), else to a temporary folder; always checked to be drawn.
    void screenshots()
    {
        QTemporaryDir tmp;
        const QString out = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : tmp.path();
        for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
            ui::Theme::apply(mode);
            ReadingsClient c;
            QJsonObject dashboard = consoleDashboard();
            dashboard.insert(QStringLiteral("id"), QStringLiteral("d-1"));
            DashboardTab tab(&c, dashboard);
            tab.resize(1280, 520); // the Console dashboard's seven grid rows
            tab.show();
            QVERIFY(QTest::qWaitForWindowExposed(&tab));
            auto *line = tab.panelWidget(QStringLiteral("p-temp"));
            QTRY_VERIFY(line->chartView()->xyChart()->pointsDrawn() > 100);
            QTRY_VERIFY(tab.panelWidget(QStringLiteral("p-latest"))->chartData()->rows().size() == 2);
            QTRY_VERIFY(!tab.panelWidget(QStringLiteral("p-md"))->chartData()->rows().empty());
            // QtCharts lays a chart out on a posted LayoutRequest: deliver it (no waiting) so the
            // axes and legend are placed for the data the last frame brought.
            QCoreApplication::sendPostedEvents();
            QCoreApplication::sendPostedEvents();
            const QImage shot = tab.grab().toImage();
            QVERIFY(!shot.isNull() && shot.width() >= 1200);
            QVERIFY(shot.save(out + QStringLiteral("/dashboard-%1.png").arg(mode == ui::Theme::Mode::Light ? QStringLiteral("light") : QStringLiteral("dark"))));
        }
        ui::Theme::apply(ui::Theme::Mode::Light);
    }
};

QTEST_MAIN(tst_DashboardEditor)
#include "tst_DashboardEditor.moc"
