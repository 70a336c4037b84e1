// Alert management end to end on both backends (the local embedded engine and a real tidelined
// started here), clicked like a user offscreen: dry-run a trigger SQL over stored rows, create
// the alert, watch it trigger in the list when a matching row arrives (state, last trigger,
// timeline), resolve it by hand, stop and start it, edit it, delete it. The alert's trigger is a
// streaming tail of a stream, so nothing depends on processing time; waits spin the event loop.
// Screenshots of the list: tst_AlertList.
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include "client/local/LocalClient.h"
#include "client/remote/RemoteClient.h"
#include "models/AlertListModel.h"
#include "models/ResultModel.h"
#include "tests/ui/BothBackends.h"
#include "ui/alerts/AlertEditor.h"
#include "ui/alerts/AlertsTab.h"
#include "tests/ui/UiTestUtil.h"

using namespace tideline;
using namespace tideline::tests;
using models::AlertListModel;
using ui::alerts::AlertEditor;
using ui::alerts::AlertsTab;

class tst_Alerts : public QObject {
    Q_OBJECT
private:
    tests::BothBackends m_backends;
    int m_next = 0;

    void ingest(client::WorkspaceClient *c, double temp)
    {
        const QString ts = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(++m_next).toString(Qt::ISODateWithMs);
        const QJsonObject body{{QStringLiteral("columns"), QJsonArray{QStringLiteral("ts"), QStringLiteral("device"), QStringLiteral("temp")}},
                               {QStringLiteral("data"), QJsonArray{QJsonValue(QJsonArray{ts, QStringLiteral("device-9"), temp})}}}; // QJsonValue: clang would copy a lone array
        bool done = false;
        c->ingest(QStringLiteral("readings"), client::IngestFormat::Compact, QJsonDocument(body).toJson(QJsonDocument::Compact),
                  [&](const client::Reply &r) { QVERIFY2(r.ok, qPrintable(r.error.message)); done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

    // Ingests a hot row every 100 ms until `done` holds: the alert's trigger query subscribes
    // on its own schedule, and a row ingested before that is (rightly) not seen by it.
    bool ingestUntil(client::WorkspaceClient *c, const std::function<bool()> &done)
    {
        QDeadlineTimer deadline(30000);
        while (!done()) {
            if (deadline.hasExpired())
                return false;
            ingest(c, 95);
            QTest::qWait(100);
        }
        return true;
    }

    QString state(AlertsTab &tab, const QString &id)
    {
        const int row = tab.model()->rowOf(id);
        return row < 0 ? QString() : tab.model()->index(row, AlertListModel::State).data().toString();
    }

private Q_SLOTS:
    void initTestCase() { m_backends.open(QStringLiteral("CREATE STREAM readings (ts datetime64(3, 'UTC'), device string, temp float64)")); }

    void alertLifecycle_data()
    {
        QTest::addColumn<bool>("remote");
        QTest::newRow("local") << false;
        QTest::newRow("tidelined") << true;
    }

    void alertLifecycle()
    {
        QFETCH(bool, remote);
        client::WorkspaceClient *c = m_backends.backend(remote);
        ingest(c, 20);
        ingest(c, 91); // stored history: one row over the threshold
        AlertsTab tab(c);
        tab.resize(1100, 600);
        tab.show();
        QTRY_VERIFY_WITH_TIMEOUT(tab.model()->isLoaded(), 20000);

        // New alert: the form, then a dry run over the stored rows before saving.
        click(&tab, "newAlertButton");
        AlertEditor *editor = tab.editor();
        QVERIFY(editor && editor->isVisible());
        const QString name = remote ? QStringLiteral("hot device (remote)") : QStringLiteral("hot device");
        typeInto(child<QLineEdit>(editor, "alertNameEdit"), name);
        child<QSpinBox>(editor, "alertSeveritySpin")->setValue(2);
        typeInto(child<QPlainTextEdit>(editor, "alertTriggerEdit"), QStringLiteral("SELECT device, temp FROM readings WHERE temp > 90"));
        typeInto(child<QPlainTextEdit>(editor, "alertResolveEdit"), QStringLiteral("SELECT device, temp FROM readings WHERE temp < 0"));
        child<QComboBox>(editor, "alertActionCombo")->setCurrentText(QStringLiteral("webhook"));
        typeInto(child<QLineEdit>(editor, "alertMessageEdit"), QStringLiteral("{{device}} is at {{temp}}"));
        click(editor, "dryRunButton");
        QTRY_VERIFY_WITH_TIMEOUT(!editor->dryRunModel()->isRunning() && editor->dryRunModel()->rowsReceived() >= 1, 20000);
        QVERIFY(child<QLabel>(editor, "dryRunStatus")->text().contains(QLatin1String("would have fired")));
        const int before = tab.model()->rowCount();
        click(editor, "alertSaveButton");
        QTRY_VERIFY_WITH_TIMEOUT(tab.model()->rowCount() == before + 1, 20000);
        QTRY_VERIFY(!tab.selectedId().isEmpty() && tab.model()->rowOf(tab.selectedId()) >= 0);
        const QString id = tab.selectedId();
        editor->close();
        const QJsonObject stored = tab.model()->alert(tab.model()->rowOf(id));
        QCOMPARE(stored.value(QStringLiteral("name")).toString(), name);
        QCOMPARE(stored.value(QStringLiteral("severity")).toInt(), 2);
        QCOMPARE(stored.value(QStringLiteral("properties")).toObject().value(QStringLiteral("message")).toString(), QStringLiteral("{{device}} is at {{temp}}"));
        QCOMPARE(state(tab, id), QString::fromUtf8("running · resolved"));

        // A matching row: the list shows it triggered, with the time and a timeline entry.
        QVERIFY(ingestUntil(c, [&] { return state(tab, id) == QString::fromUtf8("running · triggered"); }));
        const int row = tab.model()->rowOf(id);
        QVERIFY(!tab.model()->index(row, AlertListModel::LastTrigger).data().toString().isEmpty());
        tab.select(id);
        QTRY_VERIFY(tab.timeline()->count() >= 1);
        QVERIFY(tab.timeline()->item(0)->text().contains(QLatin1String("TRIGGERED")));

        // Resolve by hand, stop, start.
        click(&tab, "resolveAlertButton");
        QTRY_COMPARE_WITH_TIMEOUT(state(tab, id), QString::fromUtf8("running · resolved"), 20000);
        QTRY_VERIFY(tab.timeline()->item(0)->text().contains(QLatin1String("RESOLVED")));
        click(&tab, "stopAlertButton");
        QTRY_COMPARE_WITH_TIMEOUT(state(tab, id), QStringLiteral("stopped"), 20000);
        click(&tab, "startAlertButton");
        QTRY_VERIFY_WITH_TIMEOUT(state(tab, id).startsWith(QLatin1String("running")), 20000);

        // Edit: a new severity is saved.
        click(&tab, "editAlertButton");
        editor = tab.editor();
        QCOMPARE(child<QLineEdit>(editor, "alertNameEdit")->text(), name);
        child<QSpinBox>(editor, "alertSeveritySpin")->setValue(1);
        click(editor, "alertSaveButton");
        QTRY_COMPARE_WITH_TIMEOUT(tab.model()->index(tab.model()->rowOf(id), AlertListModel::Severity).data().toInt(), 1, 20000);
        editor->close();

        // Delete asks first, naming the alert: Cancel keeps it, "Delete alert" removes it.
        tab.select(id);
        click(&tab, "deleteAlertButton");
        QMessageBox *box = tab.findChild<QMessageBox *>(QStringLiteral("deleteAlertConfirmation"));
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains(name.toHtmlEscaped()));
        click(box, "cancelDeleteAlertButton");
        QTRY_VERIFY(!tab.findChild<QMessageBox *>(QStringLiteral("deleteAlertConfirmation")));
        QVERIFY(tab.model()->rowOf(id) >= 0);
        click(&tab, "deleteAlertButton");
        box = tab.findChild<QMessageBox *>(QStringLiteral("deleteAlertConfirmation"));
        QVERIFY(box && box->isVisible());
        click(box, "confirmDeleteAlertButton");
        QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowOf(id), -1, 20000);
    }

    void dryRunSqlRunsOverStoredRows()
    {
        QCOMPARE(AlertEditor::historySql(QStringLiteral("SELECT * FROM s WHERE v > 1;")),
                 QStringLiteral("SELECT * FROM s WHERE v > 1 SETTINGS query_mode='table'"));
        QCOMPARE(AlertEditor::historySql(QStringLiteral("SELECT * FROM s settings seek_to='earliest'")),
                 QStringLiteral("SELECT * FROM s settings seek_to='earliest', query_mode='table'"));
    }
};

QTEST_MAIN(tst_Alerts)
#include "tst_Alerts.moc"
