// Object management on the local backend (the embedded engine), clicked like a user offscreen:
// a stream made with the form shows up in the explorer; a validation error keeps the form from
// sending anything; a refusal by the server is shown in the form; a materialized view made
// with its form runs, pauses and resumes from its page; the lineage view shows
// stream -> MV -> target stream left to right and a click opens the node's page; the Pipeline
// view of a running streaming query shows its operators' row counts growing as rows arrive.
// Sinks, UDFs and API keys go through their forms too. Waits spin the event loop with a deadline.
// With TIDELINE_SCREENSHOT_DIR set, screenshots() saves the new screens, light and dark.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QGraphicsView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <algorithm>
#include "client/local/LocalClient.h"
#include "models/ColumnListModel.h"
#include "models/LineageGraph.h"
#include "models/ObjectTreeModel.h"
#include "models/PipelineModel.h"
#include "tests/models/FakeClient.h"
#include "ui/ExplorerPanel.h"
#include "ui/MainWindow.h"
#include "ui/ObjectPage.h"
#include "ui/PipelineView.h"
#include "ui/QueryTab.h"
#include "ui/Theme.h"
#include "ui/forms/ApiKeysDialog.h"
#include "ui/forms/FormLauncher.h"
#include "ui/forms/SinkForm.h"
#include "ui/forms/StreamForm.h"
#include "ui/forms/UdfForm.h"
#include "ui/forms/ViewForm.h"
#include "ui/lineage/LineageNodeItem.h"
#include "ui/lineage/LineageView.h"
#include "tests/ui/UiTestUtil.h"

using namespace tideline;
using namespace tideline::tests;
using client::Resource;
using models::ObjectTreeModel;

namespace {

// Edits one cell of the stream form's column table the way a user does: open the editor,
// type, then move on (changing the current cell commits the editor).
void editCell(QTableView *table, int row, int column, const QString &text)
{
    const QModelIndex index = table->model()->index(row, column);
    table->setCurrentIndex(index);
    table->edit(index);
    QWidget *editor = table->indexWidget(index);
    if (!editor)
        editor = table->viewport()->findChild<QWidget *>(QStringLiteral("columnTypeEditor"));
    if (!editor)
        editor = table->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        combo->setCurrentText(text);
    else
        typeInto(editor, text);
    table->setCurrentIndex(table->model()->index(row, column == 0 ? 2 : 0));
    QTRY_COMPARE(index.data().toString(), text);
}

} // namespace

class tst_ObjectForms : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<client::LocalClient> m_client;

    void runDdl(const QString &sql)
    {
        auto *h = m_client->runQuery(sql);
        bool done = false;
        connect(h, &client::QueryHandle::finished, this, [&] { done = true; });
        connect(h, &client::QueryHandle::failed, this, [&](const client::ErrorInfo &e) { qWarning() << sql << e.message; done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        delete h;
    }

    void ingest(const QString &stream, int rows, double value)
    {
        QJsonArray data;
        for (int i = 0; i < rows; ++i)
            data.append(QJsonArray{QStringLiteral("dev-%1").arg(i % 3), value + i});
        const QJsonObject body{{QStringLiteral("columns"), QJsonArray{QStringLiteral("device"), QStringLiteral("value")}}, {QStringLiteral("data"), data}};
        bool done = false;
        m_client->ingest(stream, client::IngestFormat::Compact, QJsonDocument(body).toJson(QJsonDocument::Compact),
                         [&](const client::Reply &r) { QVERIFY2(r.ok, qPrintable(r.error.message)); done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

    std::unique_ptr<ui::MainWindow> window() { return tests::showMainWindow(m_client.get()); }

    static QModelIndex find(ui::MainWindow &w, Resource r, const QString &name) { return w.objectModel()->findObject(r, name); }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = std::make_unique<client::LocalClient>(m_dir.filePath(QStringLiteral("local")));
        m_client->open();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->state() == client::ConnectionState::Connected, 20000);
        runDdl(QStringLiteral("CREATE STREAM readings (device string, value float64)"));
        runDdl(QStringLiteral("CREATE STREAM hot_values (device string, value float64)"));
    }

    void createStreamWithTheForm();
    void validationBlocksSending();
    void serverRefusalIsShown();
    void materializedViewFormPauseResume();
    void lineageShowsStreamMvTarget();
    void pipelineRowsGrow();
    void sinkUdfAndApiKeys();
    void screenshots();
};

void tst_ObjectForms::createStreamWithTheForm()
{
    auto w = window();
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("readings")).isValid(), 20000);
    // From the explorer's menu on empty space: New stream…
    QMenu *menu = w->explorer()->contextMenu(QModelIndex());
    QVERIFY(menu);
    child<QAction>(menu, "newStreamAction")->trigger();
    auto *form = qobject_cast<ui::forms::StreamForm *>(w->forms()->current());
    QVERIFY(form && form->isVisible());
    typeInto(child<QLineEdit>(form, "streamNameEdit"), QStringLiteral("sensor_state"));
    typeInto(child<QLineEdit>(form, "streamDescriptionEdit"), QStringLiteral("latest reading per sensor"));
    QTableView *table = form->columnTable();
    QCOMPARE(table->model()->rowCount(), 2); // device string, value float64 to start from
    click(form, "addColumnButton");
    QCOMPARE(table->model()->rowCount(), 3);
    editCell(table, 2, models::ColumnListModel::Name, QStringLiteral("seen_at"));
    editCell(table, 2, models::ColumnListModel::Type, QStringLiteral("datetime64(3, 'UTC')"));
    auto *mode = child<QComboBox>(form, "streamModeCombo");
    mode->setCurrentIndex(mode->findData(QStringLiteral("versioned_kv")));
    // versioned_kv needs a primary key: the form says so next to the field and sends nothing.
    click(form, "formSaveButton");
    QVERIFY(form->fieldError(QStringLiteral("primary_key")).contains(QLatin1String("primary key")));
    QVERIFY(child<QLabel>(form, "primary_keyError")->isVisible());
    typeInto(child<QLineEdit>(form, "streamPrimaryKeyEdit"), QStringLiteral("device"));
    typeInto(child<QLineEdit>(form, "streamEventTimeEdit"), QStringLiteral("seen_at"));
    typeInto(child<QLineEdit>(form, "streamTtlEdit"), QStringLiteral("to_datetime(_tp_time) + INTERVAL 30 DAY"));
    child<QSpinBox>(form, "streamRetentionTimeSpin")->setValue(48);
    click(form, "formSaveButton");
    QVERIFY(form->fieldError(QStringLiteral("primary_key")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("sensor_state")).isValid(), 20000);
    const QJsonObject stored = find(*w, Resource::Stream, QStringLiteral("sensor_state")).data(ObjectTreeModel::ObjectRole).toJsonObject();
    QCOMPARE(stored.value(QStringLiteral("mode")).toString(), QStringLiteral("versioned_kv"));
    QCOMPARE(stored.value(QStringLiteral("primary_key")).toString(), QStringLiteral("device"));
    QCOMPARE(stored.value(QStringLiteral("logstore_retention_ms")).toInteger(), qint64(48) * 3600000);
    QStringList columns;
    for (const QJsonValue &c : stored.value(QStringLiteral("columns")).toArray())
        columns << c[QStringLiteral("name")].toString();
    QVERIFY(columns.contains(QStringLiteral("seen_at")));
    QVERIFY(form->serverError().isEmpty());

    // Edit…: only description, TTL and retention can change; the rest is read-only.
    form->close();
    w->openForm(Resource::Stream, stored);
    auto *edit = qobject_cast<ui::forms::StreamForm *>(w->forms()->current());
    QVERIFY(edit && !child<QLineEdit>(edit, "streamNameEdit")->isEnabled() && !child<QComboBox>(edit, "streamModeCombo")->isEnabled());
    typeInto(child<QLineEdit>(edit, "streamDescriptionEdit"), QStringLiteral("one row per sensor"));
    click(edit, "formSaveButton");
    w->refreshExplorer();
    QTRY_COMPARE_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("sensor_state")).data(ObjectTreeModel::ObjectRole).toJsonObject()
                                  .value(QStringLiteral("description")).toString(), QStringLiteral("one row per sensor"), 20000);
    edit->close();
}

void tst_ObjectForms::validationBlocksSending()
{
    tests::FakeClient fake;
    fake.open();
    ui::forms::StreamForm form(&fake, {});
    form.setAttribute(Qt::WA_DeleteOnClose, false);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    typeInto(child<QLineEdit>(&form, "streamNameEdit"), QStringLiteral("2-bad name"));
    editCell(form.columnTable(), 1, models::ColumnListModel::Type, QStringLiteral("strng"));
    typeInto(child<QLineEdit>(&form, "streamEventTimeEdit"), QStringLiteral("no_such_column"));
    click(&form, "formSaveButton");
    QVERIFY(form.fieldError(QStringLiteral("name")).contains(QLatin1String("start with a letter")));
    QVERIFY(form.fieldError(QStringLiteral("columns")).contains(QLatin1String("strng")));
    QVERIFY(form.fieldError(QStringLiteral("event_time_column")).contains(QLatin1String("no_such_column")));
    QVERIFY(form.serverError().contains(QLatin1String("nothing was sent")));
    QCoreApplication::processEvents();
    QVERIFY(fake.objects.value(int(Resource::Stream)).isEmpty()); // create() was never called
    // Fixed: it sends, once.
    typeInto(child<QLineEdit>(&form, "streamNameEdit"), QStringLiteral("good_name"));
    editCell(form.columnTable(), 1, models::ColumnListModel::Type, QStringLiteral("float64"));
    child<QLineEdit>(&form, "streamEventTimeEdit")->clear();
    click(&form, "formSaveButton");
    QTRY_COMPARE(fake.objects.value(int(Resource::Stream)).size(), 1);
    QCOMPARE(fake.objects.value(int(Resource::Stream)).first().value(QStringLiteral("name")).toString(), QStringLiteral("good_name"));

    // The other forms check their own rules the same way.
    ui::forms::UdfForm udf(&fake, {});
    udf.setAttribute(Qt::WA_DeleteOnClose, false);
    typeInto(child<QLineEdit>(&udf, "udfNameEdit"), QStringLiteral("scale"));
    typeInto(child<QLineEdit>(&udf, "udfArgumentsEdit"), QStringLiteral("v float46"));
    QVERIFY(!udf.save());
    QVERIFY(udf.fieldError(QStringLiteral("arguments")).contains(QLatin1String("float46")));
    QVERIFY(udf.fieldError(QStringLiteral("return_type")).contains(QLatin1String("required")));
    ui::forms::SinkForm sink(&fake, {});
    sink.setAttribute(Qt::WA_DeleteOnClose, false);
    typeInto(child<QLineEdit>(&sink, "sinkNameEdit"), QStringLiteral("out"));
    typeInto(child<QPlainTextEdit>(&sink, "sinkQueryEdit"), QStringLiteral("SELECT * FROM readings"));
    typeInto(child<QLineEdit>(&sink, "sinkUrlEdit"), QStringLiteral("not a url"));
    QVERIFY(!sink.save());
    QVERIFY(!sink.fieldError(QStringLiteral("url")).isEmpty());
    QVERIFY(fake.objects.value(int(Resource::Sink)).isEmpty() && fake.objects.value(int(Resource::Udf)).isEmpty());
}

void tst_ObjectForms::serverRefusalIsShown()
{
    auto w = window();
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("readings")).isValid(), 20000);
    auto *form = openForm<ui::forms::StreamForm>(*w, "newStreamMenuAction");
    QVERIFY(form);
    typeInto(child<QLineEdit>(form, "streamNameEdit"), QStringLiteral("readings")); // exists already
    click(form, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(!form->serverError().isEmpty() && !form->serverError().contains(QLatin1String("Sending")), 20000);
    QVERIFY2(form->serverError().contains(QLatin1String("refused")), qPrintable(form->serverError()));
    QVERIFY2(form->serverError().contains(QLatin1String("57")), qPrintable(form->serverError())); // Proton's "stream exists"
    QVERIFY(form->fieldError(QStringLiteral("name")).contains(QLatin1String("readings")));
    QVERIFY(form->isVisible()); // what was typed stays for the user to fix
    QVERIFY(child<QPushButton>(form, "formSaveButton")->isEnabled());
    // The local engine has no mutable streams: its refusal lands next to the engine choice.
    typeInto(child<QLineEdit>(form, "streamNameEdit"), QStringLiteral("kv_mutable"));
    child<QComboBox>(form, "streamEngineCombo")->setCurrentIndex(1);
    typeInto(child<QLineEdit>(form, "streamPrimaryKeyEdit"), QStringLiteral("device"));
    click(form, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(form->serverError().contains(QLatin1String("mutable")), 20000);
    QVERIFY(!form->fieldError(QStringLiteral("engine")).isEmpty());
    form->close();
}

void tst_ObjectForms::materializedViewFormPauseResume()
{
    auto w = window();
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("hot_values")).isValid(), 20000);
    auto *form = openForm<ui::forms::ViewForm>(*w, "newMaterializedViewMenuAction");
    QVERIFY(form && form->isMaterialized());
    typeInto(child<QLineEdit>(form, "viewNameEdit"), QStringLiteral("hot_readings"));
    typeInto(child<QPlainTextEdit>(form, "viewQueryEdit"), QStringLiteral("SELECT device, value FROM readings WHERE value > 10"));
    child<QComboBox>(form, "viewTargetCombo")->setCurrentText(QStringLiteral("hot_values"));
    click(form, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::MaterializedView, QStringLiteral("hot_readings")).isValid(), 20000);
    form->close();
    // A plain view through its form too.
    auto *view = openForm<ui::forms::ViewForm>(*w, "newViewMenuAction");
    typeInto(child<QLineEdit>(view, "viewNameEdit"), QStringLiteral("recent_readings"));
    typeInto(child<QPlainTextEdit>(view, "viewQueryEdit"), QStringLiteral("SELECT device FROM readings"));
    click(view, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::View, QStringLiteral("recent_readings")).isValid(), 20000);
    view->close();

    // Its page: status, then Pause and Resume.
    const QModelIndex mv = find(*w, Resource::MaterializedView, QStringLiteral("hot_readings"));
    ui::ObjectPage *page = w->openObjectPage(Resource::MaterializedView, QStringLiteral("hot_readings"), QStringLiteral("default"),
                                             mv.data(ObjectTreeModel::ObjectRole).toJsonObject());
    page->setRefreshInterval(200);
    auto *status = child<QLabel>(page, "statsStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("running")), 20000);
    click(page, "objectPauseButton");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("paused")), 20000);
    ingest(QStringLiteral("readings"), 5, 50); // arrives while paused: processed after Resume
    QTRY_VERIFY(child<QToolButton>(page, "objectResumeButton")->isEnabled());
    click(page, "objectResumeButton");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("running")), 20000);
    QVERIFY(child<QToolButton>(page, "objectPauseButton")->isEnabled());
}

void tst_ObjectForms::lineageShowsStreamMvTarget()
{
    auto w = window();
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::MaterializedView, QStringLiteral("hot_readings")).isValid(), 20000);
    trigger(w.get(), "lineageAction");
    auto *lineage = qobject_cast<ui::lineage::LineageView *>(w->tabs()->currentWidget());
    QVERIFY(lineage);
    models::LineageGraph *graph = lineage->graph();
    QAbstractItemModelTester tester(graph, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(graph->isLoaded() && lineage->item(QStringLiteral("stream:hot_values")), 20000);
    const int source = graph->indexOf(QStringLiteral("stream:readings"));
    const int mv = graph->indexOf(QStringLiteral("materialized_view:hot_readings"));
    const int target = graph->indexOf(QStringLiteral("stream:hot_values"));
    QVERIFY(source >= 0 && mv >= 0 && target >= 0);
    auto linked = [&](int from, int to) {
        return std::any_of(graph->edges().begin(), graph->edges().end(), [&](const auto &e) { return e.from == from && e.to == to; });
    };
    QVERIFY(linked(source, mv));
    QVERIFY(linked(mv, target));
    // Left to right on screen.
    auto x = [&](const char *id) { return lineage->item(QString::fromLatin1(id))->scenePos().x(); };
    QVERIFY(x("stream:readings") < x("materialized_view:hot_readings"));
    QVERIFY(x("materialized_view:hot_readings") < x("stream:hot_values"));
    // Search highlights and centres.
    typeInto(child<QLineEdit>(lineage, "lineageSearch"), QStringLiteral("hot_val"));
    QCOMPARE(lineage->highlighted(), QStringLiteral("stream:hot_values"));
    QVERIFY(lineage->item(QStringLiteral("stream:hot_values"))->isHighlighted());
    click(lineage, "lineageFitButton");
    // Live throughput: rows into the source show up as events/s on it.
    lineage->setRefreshInterval(200);
    QVERIFY(!lineage->item(QStringLiteral("stream:readings"))->throughputText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT((ingest(QStringLiteral("readings"), 20, 1), graph->nodes().at(source).throughput > 0), 20000);
    QTRY_VERIFY(lineage->item(QStringLiteral("stream:readings"))->throughputText().contains(QLatin1String("ev/s")));
    // Clicking a node opens its page.
    ui::lineage::LineageNodeItem *node = lineage->item(QStringLiteral("stream:hot_values"));
    QGraphicsView *gv = lineage->view();
    const QPoint at = gv->mapFromScene(node->sceneBoundingRect().center());
    QVERIFY(gv->viewport()->rect().contains(at));
    QTest::mouseClick(gv->viewport(), Qt::LeftButton, {}, at);
    QTRY_VERIFY(qobject_cast<ui::ObjectPage *>(w->tabs()->currentWidget()));
    QCOMPARE(qobject_cast<ui::ObjectPage *>(w->tabs()->currentWidget())->pageKey(),
             ui::ObjectPage::pageKey(Resource::Stream, QStringLiteral("default"), QStringLiteral("hot_values")));
}

void tst_ObjectForms::pipelineRowsGrow()
{
    auto w = window();
    ui::QueryTab *tab = w->newQueryTab(QStringLiteral("SELECT device, value * 2 AS doubled FROM readings WHERE value > 0"));
    click(tab, "runButton");
    QTRY_VERIFY_WITH_TIMEOUT(tab->isRunning() && tab->pipelineView()->model()->queryId().size() > 0, 20000);
    trigger(w.get(), "showPipelineAction");
    ui::PipelineView *view = tab->pipelineView();
    QVERIFY(view->isVisible());
    view->setRefreshInterval(200);
    models::PipelineModel *model = view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto mostRows = [&] {
        qint64 most = -1;
        for (const auto &n : model->nodes())
            most = std::max(most, n.rows);
        return most;
    };
    QTRY_VERIFY_WITH_TIMEOUT((ingest(QStringLiteral("readings"), 10, 5), mostRows() > 0), 30000);
    QVERIFY(model->rowCount() >= 2); // a scan and what reads it
    const qint64 first = mostRows();
    QTRY_VERIFY_WITH_TIMEOUT((ingest(QStringLiteral("readings"), 10, 5), mostRows() > first), 30000);
    QVERIFY(child<QLabel>(view, "pipelineStatus")->text().contains(QLatin1String("live")));
    QVERIFY(child<QTableView>(view, "pipelineTable")->model()->index(0, models::PipelineModel::Operator).data().toString().size() > 0);
    click(tab, "stopButton");
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning(), 20000);
    QTRY_VERIFY(child<QLabel>(view, "pipelineStatus")->text().contains(QLatin1String("final")));
    QVERIFY(!model->isActive());
}

void tst_ObjectForms::sinkUdfAndApiKeys()
{
    auto w = window();
    auto *sink = openForm<ui::forms::SinkForm>(*w, "newSinkMenuAction");
    typeInto(child<QLineEdit>(sink, "sinkNameEdit"), QStringLiteral("hot_to_http"));
    typeInto(child<QPlainTextEdit>(sink, "sinkQueryEdit"), QStringLiteral("SELECT * FROM hot_values"));
    typeInto(child<QLineEdit>(sink, "sinkUrlEdit"), QStringLiteral("http://127.0.0.1:9/hook"));
    click(sink, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Sink, QStringLiteral("hot_to_http")).isValid(), 20000);
    sink->close();
    auto *udf = openForm<ui::forms::UdfForm>(*w, "newUdfMenuAction");
    typeInto(child<QLineEdit>(udf, "udfNameEdit"), QStringLiteral("twice"));
    typeInto(child<QLineEdit>(udf, "udfArgumentsEdit"), QStringLiteral("v float64"));
    typeInto(child<QLineEdit>(udf, "udfReturnTypeEdit"), QStringLiteral("float64"));
    click(udf, "udfTemplateButton");
    QVERIFY(child<QPlainTextEdit>(udf, "udfSourceEdit")->toPlainText().contains(QLatin1String("function twice")));
    click(udf, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Udf, QStringLiteral("twice")).isValid(), 20000);
    udf->close();

    trigger(w.get(), "apiKeysAction");
    auto *keys = qobject_cast<ui::forms::ApiKeysDialog *>(w->forms()->current());
    QVERIFY(keys);
    QTRY_VERIFY(keys->isLoaded());
    const int before = keys->table()->rowCount();
    auto *expiry = child<QComboBox>(keys, "apiKeyExpiryCombo");
    expiry->setCurrentIndex(expiry->findData(QStringLiteral("custom")));
    typeInto(child<QLineEdit>(keys, "apiKeyExpiryEdit"), QStringLiteral("one day"));
    click(keys, "createApiKeyButton");
    QVERIFY(child<QLabel>(keys, "apiKeyExpiryError")->isVisible());
    typeInto(child<QLineEdit>(keys, "apiKeyExpiryEdit"), QStringLiteral("36h"));
    typeInto(child<QLineEdit>(keys, "apiKeyNameEdit"), QStringLiteral("ci"));
    click(keys, "createApiKeyButton");
    QTRY_VERIFY_WITH_TIMEOUT(!keys->secret().isEmpty(), 20000);
    QTRY_COMPARE(keys->table()->rowCount(), before + 1);
    keys->table()->selectRow(keys->table()->rowCount() - 1);
    click(keys, "deleteApiKeyButton");
    auto *box = keys->findChild<QMessageBox *>(QStringLiteral("deleteApiKeyConfirmation"));
    QVERIFY(box && box->text().contains(QLatin1String("ci (")));
    click(box, "confirmDeleteApiKeyButton");
    QTRY_COMPARE_WITH_TIMEOUT(keys->table()->rowCount(), before, 20000);
    keys->close();
}

void tst_ObjectForms::screenshots()
{
    QTemporaryDir tmp;
    const QString out = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : tmp.path();
    // Run alone (… tst_ObjectForms screenshots), the objects of the other tests are made here.
    runDdl(QStringLiteral("CREATE MATERIALIZED VIEW IF NOT EXISTS hot_readings INTO hot_values AS SELECT device, value FROM readings WHERE value > 10"));
    runDdl(QStringLiteral("CREATE VIEW IF NOT EXISTS recent_readings AS SELECT device FROM readings"));
    bool created = false;
    m_client->list(Resource::Sink, [&](const client::Reply &r) {
        if (!r.value.toArray().isEmpty()) {
            created = true;
            return;
        }
        m_client->create(Resource::Sink, QJsonObject{{QStringLiteral("name"), QStringLiteral("hot_to_http")}, {QStringLiteral("type"), QStringLiteral("http")},
                                                     {QStringLiteral("query"), QStringLiteral("SELECT * FROM hot_values")},
                                                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/hook")}}}},
                         [&](const client::Reply &) { created = true; });
    });
    QTRY_VERIFY_WITH_TIMEOUT(created, 20000);
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(mode);
        const QString suffix = mode == ui::Theme::Mode::Light ? QStringLiteral("light") : QStringLiteral("dark");
        auto save = [&](QWidget *widget, const QString &name) {
            const QImage shot = widget->grab().toImage();
            QVERIFY(!shot.isNull());
            QVERIFY(shot.save(out + QStringLiteral("/%1-%2.png").arg(name, suffix)));
        };
        auto w = window();
        QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::MaterializedView, QStringLiteral("hot_readings")).isValid(), 20000);
        // The stream form, filled in.
        auto *form = openForm<ui::forms::StreamForm>(*w, "newStreamMenuAction");
        typeInto(child<QLineEdit>(form, "streamNameEdit"), QStringLiteral("devices_state"));
        auto *modeCombo = child<QComboBox>(form, "streamModeCombo");
        modeCombo->setCurrentIndex(modeCombo->findData(QStringLiteral("versioned_kv")));
        click(form, "formSaveButton"); // shows the primary key's error in place
        save(form, QStringLiteral("form-stream"));
        form->close();
        auto *mvForm = openForm<ui::forms::ViewForm>(*w, "newMaterializedViewMenuAction");
        typeInto(child<QLineEdit>(mvForm, "viewNameEdit"), QStringLiteral("hot_devices"));
        typeInto(child<QPlainTextEdit>(mvForm, "viewQueryEdit"), QStringLiteral("SELECT device, value FROM readings WHERE value > 40"));
        save(mvForm, QStringLiteral("form-mv"));
        mvForm->close();
        // Lineage, with throughput.
        trigger(w.get(), "lineageAction");
        auto *lineage = qobject_cast<ui::lineage::LineageView *>(w->tabs()->currentWidget());
        lineage->setRefreshInterval(200);
        QTRY_VERIFY_WITH_TIMEOUT(lineage->graph()->isLoaded() && lineage->item(QStringLiteral("stream:hot_values")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT((ingest(QStringLiteral("readings"), 20, 20),
                                  lineage->graph()->nodes().at(lineage->graph()->indexOf(QStringLiteral("stream:readings"))).throughput > 0), 20000);
        lineage->search(QStringLiteral("hot_readings"));
        lineage->fit();
        save(w.get(), QStringLiteral("lineage"));
        // The pipeline of a running query.
        ui::QueryTab *tab = w->newQueryTab(QStringLiteral("SELECT device, count() AS n, avg(value) AS avg_value FROM readings GROUP BY device"));
        click(tab, "runButton");
        tab->showPipeline();
        tab->pipelineView()->setRefreshInterval(200);
        QTRY_VERIFY_WITH_TIMEOUT((ingest(QStringLiteral("readings"), 10, 5), tab->pipelineView()->model()->rowCount() > 0
                                  && tab->pipelineView()->model()->nodes().first().rows > 0), 30000);
        save(w.get(), QStringLiteral("pipeline"));
        tab->cancel();
    }
    ui::Theme::apply(ui::Theme::Mode::Light);
}

QTEST_MAIN(tst_ObjectForms)
#include "tst_ObjectForms.moc"
