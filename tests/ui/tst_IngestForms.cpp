// Sources, UDFs, format schemas and external streams through their forms on the local backend
// (the embedded engine), clicked like a user offscreen: a stream_generator source previewed
// (typed sample events), its target stream made from the inferred columns, created, started,
// rows arriving in the target and its stats moving, then stopped; a JavaScript UDF from the
// template test-run with sample arguments (scalar, aggregate, an error marked at its line, a
// SQL lambda); a schema with a syntax error refused with the line marked; the external stream
// form's schema picker and its preview's refusal; the explorer's entries and actions.
// Waits spin the event loop with a deadline (the generator runs on the workspace's real clock).
// With TIDELINE_SCREENSHOT_DIR set, screenshots() saves the source, UDF, external stream (previewing
// a topic of librdkafka's mock cluster) and schema forms, light and dark.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include "client/local/LocalClient.h"
#include "models/ObjectTreeModel.h"
#include "models/SourcePreviewModel.h"
#include "tests/common/KafkaMockCluster.h"
#include "tests/models/FakeClient.h"
#include "tests/ui/UiTestUtil.h"
#include "ui/ExplorerPanel.h"
#include "ui/MainWindow.h"
#include "ui/Theme.h"
#include "ui/forms/ExternalStreamForm.h"
#include "ui/forms/FormLauncher.h"
#include "ui/forms/SchemaForm.h"
#include "ui/forms/SourceForm.h"
#include "ui/forms/UdfForm.h"

using namespace tideline;
using namespace tideline::tests;
using client::Resource;
using models::ObjectTreeModel;

class tst_IngestForms : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<client::LocalClient> m_client;

    // The first cell of a bounded query's first row.
    QString scalar(const QString &sql)
    {
        auto *h = m_client->runQuery(sql);
        QString value;
        bool done = false;
        connect(h, &client::QueryHandle::rows, this, [&](const client::ResultBatch &b) {
            if (!b.isEmpty() && value.isEmpty())
                value = QString::fromUtf8(b.text(0, 0));
        });
        connect(h, &client::QueryHandle::finished, this, [&] { done = true; });
        connect(h, &client::QueryHandle::failed, this, [&](const client::ErrorInfo &e) { qWarning() << sql << e.message; done = true; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
        delete h;
        return value;
    }

    std::unique_ptr<ui::MainWindow> window() { return tests::showMainWindow(m_client.get()); }

    static QModelIndex find(ui::MainWindow &w, Resource r, const QString &name) { return w.objectModel()->findObject(r, name); }

    void createSchema(const QString &name)
    {
        bool done = false;
        m_client->create(Resource::Schema, QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), QStringLiteral("Protobuf")},
                                                       {QStringLiteral("content"), ui::forms::SchemaForm::protobufTemplate()}},
                         [&](const client::Reply &r) { QVERIFY2(r.ok, qPrintable(r.error.message)); done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

    // Fills the UDF form for a JavaScript function `name(v float64) -> float64` from the template.
    void fillJavaScript(QWidget *udf, const QString &name, bool aggregate)
    {
        typeInto(child<QLineEdit>(udf, "udfNameEdit"), name);
        typeInto(child<QLineEdit>(udf, "udfArgumentsEdit"), QStringLiteral("v float64"));
        typeInto(child<QLineEdit>(udf, "udfReturnTypeEdit"), QStringLiteral("float64"));
        child<QCheckBox>(udf, "udfAggregationCheck")->setChecked(aggregate);
        click(udf, "udfTemplateButton");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = std::make_unique<client::LocalClient>(m_dir.filePath(QStringLiteral("local")));
        m_client->open();
        QTRY_VERIFY_WITH_TIMEOUT(m_client->state() == client::ConnectionState::Connected, 20000);
    }

    void previewModelIsAModel();
    void sourcePropertiesCheckedBeforeSending();
    void sourcePreviewCreateStartStop();
    void udfTemplateTestRun();
    void udfTestRunErrorAtItsLine();
    void schemaSyntaxErrorAtItsLine();
    void externalStreamForm();
    void explorerEntries();
    void screenshots();
};

void tst_IngestForms::previewModelIsAModel()
{
    models::SourcePreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonArray events{QJsonObject{{QStringLiteral("device"), QStringLiteral("d1")}, {QStringLiteral("temp"), 21.5},
                                        {QStringLiteral("tags"), QJsonArray{QStringLiteral("a")}}},
                            QJsonObject{{QStringLiteral("device"), QStringLiteral("d2")}, {QStringLiteral("temp"), 7}}};
    model.set(events, QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("device")}, {QStringLiteral("type"), QStringLiteral("string")}},
                                 QJsonObject{{QStringLiteral("name"), QStringLiteral("temp")}, {QStringLiteral("type"), QStringLiteral("float64")}},
                                 QJsonObject{{QStringLiteral("name"), QStringLiteral("tags")}, {QStringLiteral("type"), QStringLiteral("array(string)")}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("temp\nfloat64"));
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("21.5"));
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("[\"a\"]"));
    QVERIFY(model.index(1, 2).data().toString().isEmpty()); // the event has no tags
    QCOMPARE(model.index(0, 1).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    model.set(events, {}); // without inference: the events' keys, as text
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.columnType(0), QStringLiteral("string"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_IngestForms::sourcePropertiesCheckedBeforeSending()
{
    tests::FakeClient fake;
    fake.open();
    ui::forms::SourceForm form(&fake, {}, {QStringLiteral("readings")});
    form.setAttribute(Qt::WA_DeleteOnClose, false);
    form.show();
    typeInto(child<QLineEdit>(&form, "sourceNameEdit"), QStringLiteral("orders_in"));
    choose(child<QComboBox>(&form, "sourceTypeCombo"), QStringLiteral("kafka"));
    QVERIFY(child<QLineEdit>(&form, "sourceBrokersEdit")->isVisible());
    QVERIFY(!child<QComboBox>(&form, "sourceTemplateCombo")->isVisible()); // a generator's field is not a kafka one
    typeInto(child<QLineEdit>(&form, "sourceBrokersEdit"), QStringLiteral("localhost"));
    child<QComboBox>(&form, "sourceTargetCombo")->setEditText(QStringLiteral("readings"));
    click(&form, "formSaveButton");
    QVERIFY(form.fieldError(QStringLiteral("prop.brokers")).contains(QLatin1String("host:port")));
    QVERIFY(form.fieldError(QStringLiteral("prop.topic")).contains(QLatin1String("topic")));
    QVERIFY(child<QLabel>(&form, "prop.brokersError")->isVisible());
    // Protobuf messages name their schema and message type; the field shows only for them.
    QVERIFY(!child<QLineEdit>(&form, "sourceFormatSchemaEdit")->isVisible());
    choose(child<QComboBox>(&form, "sourceDataTypeCombo"), QStringLiteral("protobuf"));
    QVERIFY(child<QLineEdit>(&form, "sourceFormatSchemaEdit")->isVisible());
    typeInto(child<QLineEdit>(&form, "sourceFormatSchemaEdit"), QStringLiteral("readings"));
    click(&form, "formSaveButton");
    QVERIFY(form.fieldError(QStringLiteral("prop.format_schema")).contains(QLatin1String("schema:Message")));
    typeInto(child<QLineEdit>(&form, "sourceFormatSchemaEdit"), QStringLiteral("readings:Reading"));
    QCOMPARE(form.requestBody().value(QStringLiteral("properties")).toObject().value(QStringLiteral("format_schema")).toString(),
             QStringLiteral("readings:Reading"));
    choose(child<QComboBox>(&form, "sourceDataTypeCombo"), QStringLiteral("json"));
    QVERIFY(!form.requestBody().value(QStringLiteral("properties")).toObject().contains(QStringLiteral("format_schema")));
    choose(child<QComboBox>(&form, "sourceTypeCombo"), QStringLiteral("websocket"));
    typeInto(child<QLineEdit>(&form, "sourceUrlEdit"), QStringLiteral("http://example.com/feed"));
    click(&form, "sourcePreviewButton"); // a preview checks the properties too, and sends nothing
    QVERIFY(form.fieldError(QStringLiteral("prop.url")).contains(QLatin1String("ws://")));
    child<QComboBox>(&form, "sourceTargetCombo")->setEditText(QStringLiteral("not_there"));
    typeInto(child<QLineEdit>(&form, "sourceUrlEdit"), QStringLiteral("wss://example.com/feed"));
    click(&form, "formSaveButton");
    QVERIFY(form.fieldError(QStringLiteral("prop.url")).isEmpty());
    QVERIFY(form.fieldError(QStringLiteral("stream")).contains(QLatin1String("not_there")));
    QVERIFY(fake.objects.value(int(Resource::Source)).isEmpty());
    QCOMPARE(form.requestBody().value(QStringLiteral("properties")).toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("wss://example.com/feed"));
}

void tst_IngestForms::sourcePreviewCreateStartStop()
{
    auto w = window();
    auto *form = openForm<ui::forms::SourceForm>(*w, "newSourceMenuAction");
    QVERIFY(form);
    typeInto(child<QLineEdit>(form, "sourceNameEdit"), QStringLiteral("iot_gen"));
    choose(child<QComboBox>(form, "sourceTypeCombo"), QStringLiteral("stream_generator"));
    choose(child<QComboBox>(form, "sourceTemplateCombo"), QStringLiteral("iot"));
    typeInto(child<QLineEdit>(form, "sourceIntervalEdit"), QStringLiteral("50ms"));
    QVERIFY(!child<QLineEdit>(form, "sourceUrlEdit")->isVisible());
    auto *target = child<QComboBox>(form, "sourceTargetCombo");
    target->setEditText(QStringLiteral("iot_readings"));
    // Preview: typed samples, nothing written.
    QSignalSpy previewed(form, &ui::forms::SourceForm::previewFinished);
    click(form, "sourcePreviewButton");
    QTRY_COMPARE_WITH_TIMEOUT(previewed.count(), 1, 20000);
    QVERIFY2(previewed.first().first().toBool(), qPrintable(form->previewStatus()));
    models::SourcePreviewModel *preview = form->previewModel();
    QAbstractItemModelTester tester(preview, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(preview->rowCount(), 10);
    QHash<QString, QString> types;
    for (int c = 0; c < preview->columnCount(); ++c)
        types.insert(preview->columnName(c), preview->columnType(c));
    QCOMPARE(types.value(QStringLiteral("device")), QStringLiteral("string"));
    QVERIFY2(types.value(QStringLiteral("temperature")).contains(QLatin1String("float64")) || types.value(QStringLiteral("temperature")).contains(QLatin1String("int64")),
             qPrintable(types.value(QStringLiteral("temperature"))));
    QVERIFY2(types.value(QStringLiteral("timestamp")).startsWith(QLatin1String("datetime64")), qPrintable(types.value(QStringLiteral("timestamp"))));
    QVERIFY(preview->index(0, 0).data().toString().startsWith(QLatin1String("device_")));
    QVERIFY(form->previewStatus().contains(QLatin1String("device string")));
    // The target does not exist: Create refuses before sending; the preview's columns make it.
    click(form, "formSaveButton");
    QVERIFY(form->fieldError(QStringLiteral("stream")).contains(QLatin1String("iot_readings")));
    QSignalSpy streamMade(form, &ui::forms::SourceForm::targetStreamCreated);
    click(form, "sourceCreateStreamButton");
    QTRY_COMPARE_WITH_TIMEOUT(streamMade.count(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Stream, QStringLiteral("iot_readings")).isValid(), 20000);
    QCOMPARE(scalar(QStringLiteral("SELECT count() FROM table(iot_readings)")), QStringLiteral("0")); // the preview wrote nothing
    // Create (and start): rows arrive in the target, the stats move.
    QVERIFY(child<QCheckBox>(form, "sourceStartCheck")->isChecked());
    click(form, "formSaveButton");
    QTRY_COMPARE_WITH_TIMEOUT(form->sourceStatus(), QStringLiteral("running"), 20000);
    QVERIFY(form->serverError().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count() FROM table(iot_readings)")).toLongLong() > 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!form->statsText().startsWith(QLatin1String("0 rows")) && form->statsText().contains(QLatin1String("rows written")), 20000);
    QVERIFY(child<QPushButton>(form, "sourceStopButton")->isEnabled());
    QVERIFY(!child<QPushButton>(form, "sourceStartButton")->isEnabled());
    click(form, "sourceStopButton");
    QTRY_COMPARE_WITH_TIMEOUT(form->sourceStatus(), QStringLiteral("stopped"), 20000);
    QVERIFY(child<QPushButton>(form, "sourceStartButton")->isEnabled());
    form->close();
    // In the explorer: the source, with Start on its menu (it is stopped now) and its form.
    w->refreshExplorer();
    QTRY_COMPARE_WITH_TIMEOUT(find(*w, Resource::Source, QStringLiteral("iot_gen")).data(ObjectTreeModel::ObjectRole).toJsonObject()
                                  .value(QStringLiteral("status")).toString(), QStringLiteral("stopped"), 20000);
    QMenu *menu = w->explorer()->contextMenu(find(*w, Resource::Source, QStringLiteral("iot_gen")));
    QVERIFY(menu && menu->findChild<QAction *>(QStringLiteral("startSourceAction")) && menu->findChild<QAction *>(QStringLiteral("editAction")));
    child<QAction>(menu, "startSourceAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(find(*w, Resource::Source, QStringLiteral("iot_gen")).data(ObjectTreeModel::ObjectRole).toJsonObject()
                                  .value(QStringLiteral("status")).toString(), QStringLiteral("running"), 20000);
    menu = w->explorer()->contextMenu(find(*w, Resource::Source, QStringLiteral("iot_gen")));
    child<QAction>(menu, "editAction")->trigger();
    auto *edit = qobject_cast<ui::forms::SourceForm *>(w->forms()->current());
    QVERIFY(edit && !child<QComboBox>(edit, "sourceTypeCombo")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(edit->sourceStatus(), QStringLiteral("running"), 20000);
    click(edit, "sourceStopButton");
    QTRY_COMPARE_WITH_TIMEOUT(edit->sourceStatus(), QStringLiteral("stopped"), 20000);
    edit->close();
}

void tst_IngestForms::udfTemplateTestRun()
{
    auto w = window();
    auto *udf = openForm<ui::forms::UdfForm>(*w, "newUdfMenuAction");
    QVERIFY(udf);
    fillJavaScript(udf, QStringLiteral("twice"), false);
    QVERIFY(child<QPlainTextEdit>(udf, "udfSourceEdit")->toPlainText().contains(QLatin1String("function twice(values)")));
    typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QStringLiteral("21"));
    QSignalSpy tested(udf, &ui::forms::UdfForm::testFinished);
    click(udf, "udfTestButton");
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
    QCOMPARE(udf->testResult(), QStringLiteral("= 42"));
    // The test did not save it: no such function until Create.
    QVERIFY(!find(*w, Resource::Udf, QStringLiteral("twice")).isValid());
    // An aggregate from its template: one row per sample value.
    fillJavaScript(udf, QStringLiteral("total"), true);
    const QString source = child<QPlainTextEdit>(udf, "udfSourceEdit")->toPlainText();
    for (const char *part : {"initialize", "process", "finalize", "serialize", "deserialize", "merge"})
        QVERIFY2(source.contains(QLatin1String(part)), part);
    typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QStringLiteral("1.5, 2, 3"));
    click(udf, "udfTestButton");
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 2, 20000);
    QCOMPARE(udf->testResult(), QStringLiteral("= 6.5"));
    // A SQL lambda.
    choose(child<QComboBox>(udf, "udfTypeCombo"), QStringLiteral("sql"));
    QVERIFY(child<QLineEdit>(udf, "udfLambdaEdit")->isVisible() && !child<QLineEdit>(udf, "udfArgumentsEdit")->isVisible());
    typeInto(child<QLineEdit>(udf, "udfNameEdit"), QStringLiteral("triple"));
    typeInto(child<QLineEdit>(udf, "udfLambdaEdit"), QStringLiteral("(x) -> x * 3"));
    typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QStringLiteral("5"));
    click(udf, "udfTestButton");
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 3, 20000);
    QCOMPARE(udf->testResult(), QStringLiteral("= 15"));
    // Back to the scalar, saved: it is a function of the workspace now.
    choose(child<QComboBox>(udf, "udfTypeCombo"), QStringLiteral("javascript"));
    fillJavaScript(udf, QStringLiteral("twice"), false);
    click(udf, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Udf, QStringLiteral("twice")).isValid(), 20000);
    QCOMPARE(scalar(QStringLiteral("SELECT twice(4)")), QStringLiteral("8"));
    QVERIFY(!find(*w, Resource::Udf, QStringLiteral("tideline_test_twice")).isValid()); // the scratch function is gone
    udf->close();
}

void tst_IngestForms::udfTestRunErrorAtItsLine()
{
    auto w = window();
    auto *udf = openForm<ui::forms::UdfForm>(*w, "newUdfMenuAction");
    fillJavaScript(udf, QStringLiteral("broken"), false);
    auto *source = child<QPlainTextEdit>(udf, "udfSourceEdit");
    source->setPlainText(QStringLiteral("function broken(values) {\n  const x = 1;\n  return values.map(v => v.nope());\n}\n"));
    typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QStringLiteral("1"));
    QSignalSpy tested(udf, &ui::forms::UdfForm::testFinished);
    click(udf, "udfTestButton");
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
    QVERIFY(udf->testFailed());
    QVERIFY2(udf->testResult().startsWith(QLatin1String("Line 3")), qPrintable(udf->testResult()));
    QVERIFY2(!udf->testResult().contains(QLatin1String("tideline_test_")), qPrintable(udf->testResult()));
    QCOMPARE(source->extraSelections().size(), 1);
    QCOMPARE(source->textCursor().blockNumber(), 2);
    // Sample arguments are required before anything runs.
    typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QString());
    click(udf, "udfTestButton");
    QVERIFY(udf->fieldError(QStringLiteral("test_arguments")).contains(QLatin1String("arguments")));
    udf->close();
}

void tst_IngestForms::schemaSyntaxErrorAtItsLine()
{
    auto w = window();
    auto *form = openForm<ui::forms::SchemaForm>(*w, "newSchemaMenuAction");
    QVERIFY(form);
    typeInto(child<QLineEdit>(form, "schemaNameEdit"), QStringLiteral("readings_proto"));
    auto *body = child<QPlainTextEdit>(form, "schemaContentEdit");
    body->setPlainText(QStringLiteral("syntax = \"proto3\";\n\nmessage Reading {\n  string device = 1\n  double temperature = 2;\n}\n"));
    click(form, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(!form->serverError().isEmpty(), 20000);
    QVERIFY2(form->fieldError(QStringLiteral("content")).contains(QLatin1String("line")), qPrintable(form->serverError()));
    QVERIFY(child<QLabel>(form, "contentError")->isVisible());
    QVERIFY2(form->markedLine() == 4 || form->markedLine() == 5, qPrintable(form->serverError()));
    QCOMPARE(body->textCursor().blockNumber(), form->markedLine() - 1);
    QCOMPARE(body->extraSelections().size(), 1);
    // Fixed, it is stored and listed.
    body->setPlainText(ui::forms::SchemaForm::protobufTemplate());
    QVERIFY(body->extraSelections().isEmpty());
    click(form, "formSaveButton");
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Schema, QStringLiteral("readings_proto")).isValid(), 20000);
    QVERIFY(form->serverError().isEmpty());
    form->close();
}

void tst_IngestForms::externalStreamForm()
{
    createSchema(QStringLiteral("ext_proto"));
    auto w = window();
    auto *form = openForm<ui::forms::ExternalStreamForm>(*w, "newExternalStreamMenuAction");
    QVERIFY(form);
    QTRY_VERIFY_WITH_TIMEOUT(form->schemaNames().contains(QStringLiteral("ext_proto")), 20000);
    QVERIFY(!child<QComboBox>(form, "extSchemaCombo")->isVisible());
    choose(child<QComboBox>(form, "extFormatCombo"), QStringLiteral("ProtobufSingle"));
    QVERIFY(child<QComboBox>(form, "extSchemaCombo")->isVisible());
    typeInto(child<QLineEdit>(form, "extNameEdit"), QStringLiteral("kafka_readings"));
    typeInto(child<QLineEdit>(form, "extBrokersEdit"), QStringLiteral("localhost"));
    typeInto(child<QLineEdit>(form, "extColumnsEdit"), QStringLiteral("device string, temperature float46"));
    click(form, "formSaveButton");
    QVERIFY(form->fieldError(QStringLiteral("brokers")).contains(QLatin1String("host:port")));
    QVERIFY(form->fieldError(QStringLiteral("topic")).contains(QLatin1String("topic")));
    QVERIFY(form->fieldError(QStringLiteral("columns")).contains(QLatin1String("float46")));
    QVERIFY(!form->fieldError(QStringLiteral("format_schema")).isEmpty());
    typeInto(child<QLineEdit>(form, "extBrokersEdit"), QStringLiteral("127.0.0.1:9"));
    typeInto(child<QLineEdit>(form, "extTopicEdit"), QStringLiteral("readings"));
    typeInto(child<QLineEdit>(form, "extColumnsEdit"), QStringLiteral("device string, temperature float64"));
    choose(child<QComboBox>(form, "extSchemaCombo"), QStringLiteral("ext_proto"));
    typeInto(child<QLineEdit>(form, "extMessageEdit"), QStringLiteral("Reading"));
    QVERIFY(form->validate().isEmpty());
    const QJsonArray settings = form->settings();
    QVERIFY(settings.contains(QJsonObject{{QStringLiteral("key"), QStringLiteral("format_schema")}, {QStringLiteral("value"), QStringLiteral("ext_proto:Reading")}}));
    QVERIFY(settings.contains(QJsonObject{{QStringLiteral("key"), QStringLiteral("type")}, {QStringLiteral("value"), QStringLiteral("kafka")}}));
    // No broker listens there (or no connector yet): the refusal is shown in the preview's line.
    QSignalSpy previewed(form, &ui::forms::ExternalStreamForm::previewFinished);
    click(form, "extPreviewButton");
    QTRY_COMPARE_WITH_TIMEOUT(previewed.count(), 1, 70000);
    if (!previewed.first().first().toBool())
        QVERIFY2(form->previewStatus().startsWith(QLatin1String("Preview failed")), qPrintable(form->previewStatus()));
    QVERIFY(!form->previewStatus().isEmpty());
    form->close();
}

void tst_IngestForms::explorerEntries()
{
    createSchema(QStringLiteral("listed_proto"));
    auto w = window();
    QTRY_VERIFY_WITH_TIMEOUT(find(*w, Resource::Schema, QStringLiteral("listed_proto")).isValid(), 20000);
    QMenu *menu = w->explorer()->contextMenu(find(*w, Resource::Schema, QStringLiteral("listed_proto")));
    QVERIFY(menu && menu->findChild<QAction *>(QStringLiteral("dropAction")) && menu->findChild<QAction *>(QStringLiteral("showDdlAction")));
    child<QAction>(menu, "editAction")->trigger();
    auto *form = qobject_cast<ui::forms::SchemaForm *>(w->forms()->current());
    QVERIFY(form && !child<QLineEdit>(form, "schemaNameEdit")->isEnabled());
    QVERIFY(child<QPlainTextEdit>(form, "schemaContentEdit")->toPlainText().contains(QLatin1String("message Reading")));
    form->close();
    menu = w->explorer()->contextMenu(QModelIndex()); // "New …" of every kind with a form on empty space
    for (const char *name : {"newSourceAction", "newExternalStreamAction", "newSchemaAction", "newUdfAction"})
        QVERIFY2(menu->findChild<QAction *>(QLatin1String(name)), name);
    // Drop asks first, naming the schema.
    menu = w->explorer()->contextMenu(find(*w, Resource::Schema, QStringLiteral("listed_proto")));
    child<QAction>(menu, "dropAction")->trigger();
    auto *box = w->findChild<QMessageBox *>(QStringLiteral("dropConfirmation"));
    QVERIFY(box && box->text().contains(QLatin1String("listed_proto")));
    click(box, "confirmDropButton");
    QTRY_VERIFY_WITH_TIMEOUT(!find(*w, Resource::Schema, QStringLiteral("listed_proto")).isValid(), 20000);
}

void tst_IngestForms::screenshots()
{
    tideline::testing::KafkaMockCluster kafka;
    QVERIFY(kafka.ready() && kafka.createTopic("page_views", 1));
    const char *pages[] = {"/", "/pricing", "/docs/streaming-sql", "/blog", "/docs/kafka", "/signup"};
    for (int i = 0; i < 6; ++i) {
        const QByteArray value = QStringLiteral("{\"id\":%1,\"page\":\"%2\",\"ms\":%3}").arg(i + 1).arg(QLatin1String(pages[i])).arg(40 + i * 37).toUtf8();
        QCOMPARE(rd_kafka_producev(kafka.producer(), RD_KAFKA_V_TOPIC("page_views"), RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), static_cast<size_t>(value.size())),
                                   RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    QCOMPARE(rd_kafka_flush(kafka.producer(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    QTemporaryDir tmp;
    const QString out = qEnvironmentVariableIsSet("TIDELINE_SCREENSHOT_DIR") ? qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR") : tmp.path();
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(mode);
        const QString suffix = mode == ui::Theme::Mode::Light ? QStringLiteral("light") : QStringLiteral("dark");
        auto save = [&](QWidget *widget, const QString &name) {
            const QImage shot = widget->grab().toImage();
            QVERIFY(!shot.isNull());
            QVERIFY(shot.save(out + QStringLiteral("/%1-%2.png").arg(name, suffix)));
        };
        auto w = window();
        // The source form after a preview: typed samples, ready to make its stream.
        auto *source = openForm<ui::forms::SourceForm>(*w, "newSourceMenuAction");
        typeInto(child<QLineEdit>(source, "sourceNameEdit"), QStringLiteral("factory_floor"));
        typeInto(child<QLineEdit>(source, "sourceDescriptionEdit"), QStringLiteral("simulated IoT readings"));
        child<QComboBox>(source, "sourceTargetCombo")->setEditText(QStringLiteral("floor_readings_") + suffix);
        QSignalSpy previewed(source, &ui::forms::SourceForm::previewFinished);
        click(source, "sourcePreviewButton");
        QTRY_COMPARE_WITH_TIMEOUT(previewed.count(), 1, 20000);
        save(source, QStringLiteral("form-source"));
        source->close();
        // The UDF editor: an aggregate from its template, test-run.
        auto *udf = openForm<ui::forms::UdfForm>(*w, "newUdfMenuAction");
        fillJavaScript(udf, QStringLiteral("weighted_total"), true);
        typeInto(child<QLineEdit>(udf, "udfDescriptionEdit"), QStringLiteral("sum of the readings"));
        typeInto(child<QLineEdit>(udf, "udfTestArgumentsEdit"), QStringLiteral("1.5, 2, 3"));
        QSignalSpy tested(udf, &ui::forms::UdfForm::testFinished);
        click(udf, "udfTestButton");
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
        save(udf, QStringLiteral("form-udf"));
        udf->close();
        // An external stream previewing a topic, and a Protobuf schema.
        auto *ext = openForm<ui::forms::ExternalStreamForm>(*w, "newExternalStreamMenuAction");
        typeInto(child<QLineEdit>(ext, "extNameEdit"), QStringLiteral("page_views"));
        typeInto(child<QLineEdit>(ext, "extBrokersEdit"), kafka.bootstrap());
        typeInto(child<QLineEdit>(ext, "extTopicEdit"), QStringLiteral("page_views"));
        typeInto(child<QLineEdit>(ext, "extColumnsEdit"), QStringLiteral("id int64, page string, ms int32"));
        QSignalSpy extPreviewed(ext, &ui::forms::ExternalStreamForm::previewFinished);
        click(ext, "extPreviewButton");
        QTRY_COMPARE_WITH_TIMEOUT(extPreviewed.count(), 1, 30000);
        QVERIFY2(extPreviewed.first().first().toBool(), qPrintable(ext->previewStatus()));
        // The declared columns first, in their order and types, then the virtual ones.
        models::SourcePreviewModel *samples = ext->previewModel();
        QCOMPARE(samples->rowCount(), 6);
        QStringList header;
        for (int c = 0; c < samples->columnCount(); ++c)
            header << samples->columnName(c) + QLatin1Char(' ') + samples->columnType(c);
        QCOMPARE(header, (QStringList{QStringLiteral("id int64"), QStringLiteral("page string"), QStringLiteral("ms int32"), QStringLiteral("_tp_message_key string"),
                                      QStringLiteral("_tp_shard int32"), QStringLiteral("_tp_sn int64")}));
        QCOMPARE(samples->data(samples->index(2, 1)).toString(), QStringLiteral("/docs/streaming-sql"));
        save(ext, QStringLiteral("form-external-stream"));
        ext->close();
        auto *schema = openForm<ui::forms::SchemaForm>(*w, "newSchemaMenuAction");
        typeInto(child<QLineEdit>(schema, "schemaNameEdit"), QStringLiteral("readings_proto"));
        child<QPlainTextEdit>(schema, "schemaContentEdit")->setPlainText(ui::forms::SchemaForm::protobufTemplate());
        save(schema, QStringLiteral("form-schema"));
        schema->close();
    }
    ui::Theme::apply(ui::Theme::Mode::Light);
}

QTEST_MAIN(tst_IngestForms)
#include "tst_IngestForms.moc"
