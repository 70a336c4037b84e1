// The alert list against a scripted client: rows with severity, state and last trigger from the
// alerts' JSON (tidelined's {time, status} timeline entries and the spec's {timestamp, type}),
// buttons enabled by state, the timeline of the selected alert, the editor's request body (keeps
// properties it does not show). The same flows on the real backends: tst_Alerts.
// With TIDELINE_SCREENSHOT_DIR set, screenshots() saves the alert list, light and dark.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include "models/AlertListModel.h"
#include "tests/models/FakeClient.h"
#include "ui/Theme.h"
#include "ui/alerts/AlertEditor.h"
#include "ui/alerts/AlertsTab.h"

using namespace tideline;
using models::AlertListModel;

namespace {

QJsonObject alert(const QString &id, const QString &name, int severity, const QString &status, const QString &incident,
                  const QJsonArray &timeline = {})
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("severity"), severity},
            {QStringLiteral("status"), status}, {QStringLiteral("action"), QStringLiteral("slack")},
            {QStringLiteral("trigger_sql"), QStringLiteral("SELECT device, temp FROM readings WHERE temp > 90")},
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), QStringLiteral("https://hooks.example.com/T0")},
                                                       {QStringLiteral("channel"), QStringLiteral("#ops")}}},
            {QStringLiteral("instance"), QJsonObject{{QStringLiteral("id"), QStringLiteral("i-") + id}, {QStringLiteral("status"), incident},
                                                     {QStringLiteral("timeline"), timeline}}}};
}

QJsonObject entry(const QString &time, const QString &status, const QString &message = {})
{
    return {{QStringLiteral("time"), time}, {QStringLiteral("status"), status}, {QStringLiteral("message"), message}};
}

void fill(tests::FakeClient &c)
{
    auto &alerts = c.objects[int(client::Resource::Alert)];
    alerts = {alert(QStringLiteral("a1"), QStringLiteral("Overheating device"), 1, QStringLiteral("running"), QStringLiteral("triggered"),
                    {entry(QStringLiteral("2026-03-01 09:12:04"), QStringLiteral("triggered"), QStringLiteral("device-2 at 96.4")),
                     entry(QStringLiteral("2026-03-01 09:14:40"), QStringLiteral("triggered"), QStringLiteral("device-7 at 92.0"))}),
              alert(QStringLiteral("a2"), QStringLiteral("Freezer too warm"), 2, QStringLiteral("running"), QStringLiteral("resolved"),
                    {entry(QStringLiteral("2026-03-01 08:02:11"), QStringLiteral("triggered")),
                     entry(QStringLiteral("2026-03-01 08:09:30"), QStringLiteral("resolved"), QStringLiteral("resolved manually"))}),
              alert(QStringLiteral("a3"), QStringLiteral("Sensor offline"), 3, QStringLiteral("stopped"), QStringLiteral("resolved")),
              alert(QStringLiteral("a4"), QStringLiteral("Disk nearly full"), 4, QStringLiteral("running"), QStringLiteral("triggered"),
                    {QJsonObject{{QStringLiteral("timestamp"), 1772355600}, {QStringLiteral("type"), QStringLiteral("triggered")}}})};
}

} // namespace

class tst_AlertList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsStateAndTimeline()
    {
        tests::FakeClient c;
        fill(c);
        AlertListModel model(&c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, AlertListModel::State).data().toString(), QString::fromUtf8("running · triggered"));
        QVERIFY(model.index(0, AlertListModel::State).data(Qt::ForegroundRole).isValid());
        QCOMPARE(model.index(0, AlertListModel::LastTrigger).data().toString(), QStringLiteral("2026-03-01 09:14:40"));
        QCOMPARE(model.index(1, AlertListModel::LastTrigger).data().toString(), QStringLiteral("2026-03-01 08:02:11"));
        QCOMPARE(model.index(2, AlertListModel::State).data().toString(), QStringLiteral("stopped"));
        QVERIFY(model.index(2, AlertListModel::LastTrigger).data().toString().isEmpty());
        // The spec's {timestamp, type} entries: epoch seconds, shown in local time.
        QCOMPARE(model.index(3, AlertListModel::LastTrigger).data().toString(),
                 QDateTime::fromSecsSinceEpoch(1772355600).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.refresh(); // same alerts: updated in place, the selection survives
        QTRY_VERIFY(model.isLoaded());
        QTest::qWait(0);
        QCOMPARE(reset.count(), 0);
    }

    void buttonsFollowTheSelectedAlert()
    {
        tests::FakeClient c;
        fill(c);
        ui::alerts::AlertsTab tab(&c);
        tab.show();
        QTRY_COMPARE(tab.model()->rowCount(), 4);
        auto enabled = [&](const char *name) { return tab.findChild<QToolButton *>(QLatin1String(name))->isEnabled(); };
        QVERIFY(!enabled("editAlertButton"));
        tab.select(QStringLiteral("a1"));
        QVERIFY(enabled("resolveAlertButton") && enabled("stopAlertButton") && !enabled("startAlertButton"));
        QCOMPARE(tab.timeline()->count(), 2);
        QVERIFY(tab.timeline()->item(0)->text().startsWith(QLatin1String("2026-03-01 09:14:40  TRIGGERED")));
        tab.select(QStringLiteral("a3"));
        QVERIFY(!enabled("resolveAlertButton") && !enabled("stopAlertButton") && enabled("startAlertButton"));
        QCOMPARE(tab.timeline()->count(), 0);

        // The editor keeps the properties it does not show (channel) and writes the rest.
        tab.select(QStringLiteral("a1"));
        QTest::mouseClick(tab.findChild<QToolButton *>(QStringLiteral("editAlertButton")), Qt::LeftButton);
        auto *editor = tab.editor();
        QVERIFY(editor);
        editor->findChild<QSpinBox *>(QStringLiteral("alertSeveritySpin"))->setValue(2);
        editor->findChild<QLineEdit *>(QStringLiteral("alertMessageEdit"))->setText(QStringLiteral("{{device}} hot"));
        const QJsonObject body = editor->requestBody();
        QCOMPARE(body.value(QStringLiteral("severity")).toInt(), 2);
        QCOMPARE(body.value(QStringLiteral("properties")).toObject().value(QStringLiteral("channel")).toString(), QStringLiteral("#ops"));
        QCOMPARE(body.value(QStringLiteral("properties")).toObject().value(QStringLiteral("message")).toString(), QStringLiteral("{{device}} hot"));
        QVERIFY(!body.contains(QStringLiteral("resolve_sql")));
    }

    void screenshots()
    {
        QTemporaryDir tmp;
        const QString out = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : tmp.path();
        for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
            ui::Theme::apply(mode);
            tests::FakeClient c;
            fill(c);
            ui::alerts::AlertsTab tab(&c);
            tab.resize(1280, 420);
            tab.show();
            QVERIFY(QTest::qWaitForWindowExposed(&tab));
            QTRY_COMPARE(tab.model()->rowCount(), 4);
            tab.select(QStringLiteral("a1"));
            const QImage shot = tab.grab().toImage();
            QVERIFY(!shot.isNull() && shot.width() >= 1200);
            QVERIFY(shot.save(out + QStringLiteral("/alerts-%1.png").arg(mode == ui::Theme::Mode::Light ? QStringLiteral("light") : QStringLiteral("dark"))));
        }
        ui::Theme::apply(ui::Theme::Mode::Light);
    }
};

QTEST_MAIN(tst_AlertList)
#include "tst_AlertList.moc"
