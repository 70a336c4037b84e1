// The query editor's features clicked like a user on the offscreen platform: autocomplete
// popup, the Analyze panel, {{variables}}, statement-by-statement scripts, error underlines,
// the row inspector, copy, and record-to-file. With TIDELINE_SCREENSHOT_DIR set, it also saves
// screenshots of the editor with its popup, the analyze panel and the inspector, light and dark.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>
#include "models/CompletionModel.h"
#include "models/HistoryModel.h"
#include "models/ObjectTreeModel.h"
#include "models/ResultModel.h"
#include "models/ResultRecorder.h"
#include "tests/models/FakeClient.h"
#include "ui/AnalyzePanel.h"
#include "ui/MainWindow.h"
#include "ui/QueryTab.h"
#include "ui/ResultView.h"
#include "ui/RowInspector.h"
#include "ui/SqlCompleter.h"
#include "ui/SqlEditor.h"
#include "ui/Theme.h"
#include "ui/VariablesBar.h"

using namespace tideline;

namespace {

// FakeClient with an analyzer: SQL with "bad" fails with 62; table(...) is bounded; GROUP BY aggregates.
class AnalyzingClient : public tests::FakeClient {
public:
    client::RequestId analyze(const QString &sql, client::Callback done) override
    {
        client::Reply r;
        if (const qsizetype bad = sql.indexOf(QLatin1String("bad")); bad >= 0) {
            r.error = {400, 62, QStringLiteral("Syntax error at position %1").arg(bad), int(bad)};
        } else {
            const auto col = [](const char *name, const char *type, const char *table) {
                return QJsonObject{{QStringLiteral("column"), QLatin1String(name)}, {QStringLiteral("column_type"), QLatin1String(type)},
                                   {QStringLiteral("database"), QStringLiteral("default")}, {QStringLiteral("table"), QLatin1String(table)},
                                   {QStringLiteral("is_view"), false}};
            };
            r.ok = true;
            r.value = QJsonObject{{QStringLiteral("query_type"), QStringLiteral("SELECT")},
                                  {QStringLiteral("is_streaming"), !sql.contains(QLatin1String("table("))},
                                  {QStringLiteral("has_aggr"), sql.contains(QLatin1String("GROUP BY"))},
                                  {QStringLiteral("group_by_columns"), QJsonArray{QStringLiteral("device"), QStringLiteral("window_start")}},
                                  {QStringLiteral("required_columns"), QJsonArray{col("device", "string", "devices"), col("temperature", "float64", "devices")}},
                                  {QStringLiteral("result_columns"), QJsonArray{col("device", "string", ""), col("avg_temp", "float64", "")}}};
        }
        ++analyzed;
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return client::RequestId(analyzed);
    }
    int analyzed = 0;
};

QJsonObject stream(const QString &name, const QList<std::pair<QString, QString>> &columns)
{
    QJsonArray cols;
    for (const auto &[n, t] : columns)
        cols.append(QJsonObject{{QStringLiteral("name"), n}, {QStringLiteral("type"), t}});
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("columns"), cols}};
}

void fillCatalog(tests::FakeClient &client)
{
    client.objects[int(client::Resource::Stream)] = {
        stream(QStringLiteral("devices"), {{QStringLiteral("device"), QStringLiteral("string")},
                                           {QStringLiteral("temperature"), QStringLiteral("float64")},
                                           {QStringLiteral("payload"), QStringLiteral("string")}}),
        stream(QStringLiteral("orders"), {{QStringLiteral("order_id"), QStringLiteral("int64")}})};
}

} // namespace

class tst_QueryEditor : public QObject {
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
    static void shoot(QWidget *w, const QString &name, QWidget *popup = nullptr);
    static void loadExplorer(ui::MainWindow &window, tests::FakeClient &client)
    {
        QSignalSpy loaded(window.objectModel(), &models::ObjectTreeModel::loaded);
        client.open();
        window.refreshExplorer();
        QVERIFY(loaded.wait());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void autocompletePopup();
    void analyzePanel();
    void variables();
    void scriptRunsStatementByStatement();
    void inspectorCopyAndRecord();
    void screenshots();
};

void tst_QueryEditor::shoot(QWidget *w, const QString &name, QWidget *popup)
{
    const QString dir = qEnvironmentVariable("TIDELINE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QPixmap pixmap = w->grab();
    if (popup && popup->isVisible()) { // a popup is a window of its own: paint it where it shows
        QPainter p(&pixmap);
        p.drawPixmap(w->mapFromGlobal(popup->mapToGlobal(QPoint(0, 0))), popup->grab());
    }
    QVERIFY(pixmap.save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

void tst_QueryEditor::autocompletePopup()
{
    tests::FakeClient client;
    fillCatalog(client);
    ui::MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    loadExplorer(window, client);
    ui::QueryTab *tab = window.newQueryTab();
    QAbstractItemModelTester tester(tab->completionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::SqlEditor *editor = tab->editor();
    editor->setFocus();
    QTRY_VERIFY(editor->hasFocus());
    QTreeView *popup = editor->completer()->popup();

    QTest::keyClicks(editor, QStringLiteral("SELECT * FROM dev"));
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->index(0, 0).data().toString(), QStringLiteral("devices"));
    QTest::keyClick(popup, Qt::Key_Return); // QCompleter forwards the popup's keys
    QTRY_VERIFY(!popup->isVisible());
    QCOMPARE(editor->toPlainText(), QStringLiteral("SELECT * FROM devices"));
    QCOMPARE(client.queriesRun, 0); // Enter picked a word, it ran nothing

    // Columns of the statement's stream through its alias; Esc closes the popup only.
    editor->setPlainText(QStringLiteral("SELECT  FROM devices AS d"));
    QTextCursor c = editor->textCursor();
    c.setPosition(7);
    editor->setTextCursor(c);
    QTest::keyClicks(editor, QStringLiteral("d.te"));
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 1);
    QCOMPARE(popup->model()->index(0, 1).data().toString(), QStringLiteral("float64 · devices"));
    QTest::keyClick(popup, Qt::Key_Escape);
    QTRY_VERIFY(!popup->isVisible());
    QVERIFY(!tab->isRunning());
    QCOMPARE(editor->toPlainText(), QStringLiteral("SELECT d.te FROM devices AS d"));

    // Ctrl+Space on a function prefix shows its one-line doc; Tab inserts.
    editor->setPlainText(QStringLiteral("SELECT * FROM tum"));
    editor->moveCursor(QTextCursor::End);
    QTest::keyClick(editor, Qt::Key_Space, Qt::ControlModifier);
    QTRY_VERIFY(popup->isVisible());
    QVERIFY(popup->model()->index(0, 1).data().toString().startsWith(QLatin1String("tumble(stream")));
    QTest::keyClick(popup, Qt::Key_Tab);
    QTRY_COMPARE(editor->toPlainText(), QStringLiteral("SELECT * FROM tumble"));
}

void tst_QueryEditor::analyzePanel()
{
    AnalyzingClient client;
    ui::MainWindow window(&client);
    window.show();
    ui::QueryTab *tab = window.newQueryTab(QStringLiteral("SELECT 1;\nSELECT device, avg(temperature) AS avg_temp FROM tumble(devices, 5s) GROUP BY device, window_start"));
    ui::AnalyzePanel *panel = tab->analyzePanel();
    QVERIFY(!panel->isVisible());
    QTest::mouseClick(child<QToolButton>(tab, "analyzeButton"), Qt::LeftButton);
    QVERIFY(panel->isVisible());
    QTRY_VERIFY(panel->summaryText().contains(QLatin1String("Streaming")));
    QVERIFY(panel->summaryText().contains(QLatin1String("Aggregation: yes")));
    QVERIFY(panel->summaryText().contains(QLatin1String("Group by: device, window_start")));
    QTreeWidget *tree = panel->columnsTree();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Result columns (2)"));
    QCOMPARE(tree->topLevelItem(0)->child(1)->text(0), QStringLiteral("avg_temp"));
    QCOMPARE(tree->topLevelItem(1)->child(1)->text(2), QStringLiteral("default.devices"));

    tab->editor()->setPlainText(QStringLiteral("SELECT count() FROM table(devices)"));
    QTest::mouseClick(child<QToolButton>(panel, "analyzeRefreshButton"), Qt::LeftButton);
    QTRY_VERIFY(panel->summaryText().contains(QLatin1String("Bounded")));
    tab->editor()->setPlainText(QStringLiteral("SELECT bad"));
    QTest::keyClick(tab->editor(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(panel->summaryText().contains(QLatin1String("Code: 62")));
    QTest::mouseClick(child<QToolButton>(panel, "analyzeCloseButton"), Qt::LeftButton);
    QVERIFY(!panel->isVisible());
}

void tst_QueryEditor::variables()
{
    tests::FakeClient client;
    client.rowsPerTick = 0;
    ui::MainWindow window(&client);
    window.show();
    ui::QueryTab *tab = window.newQueryTab();
    ui::SqlEditor *editor = tab->editor();
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("SELECT * FROM devices WHERE device = {{device}} AND temp > {{min}}"));
    ui::VariablesBar *bar = tab->variablesBar();
    QTRY_VERIFY(bar->isVisible());
    QCOMPARE(bar->names(), (QStringList{QStringLiteral("device"), QStringLiteral("min")}));

    QTest::mouseClick(child<QToolButton>(tab, "runButton"), Qt::LeftButton);
    QCOMPARE(client.queriesRun, 0); // nothing runs with a variable unset
    QVERIFY(child<QLabel>(tab, "messagesLabel")->text().contains(QLatin1String("{{device}}")));
    QVERIFY(bar->input(QStringLiteral("device"))->hasFocus());

    QTest::keyClicks(bar->input(QStringLiteral("device")), QStringLiteral("dev'1"));
    QTest::keyClicks(bar->input(QStringLiteral("min")), QStringLiteral("30"));
    QTest::keyClick(bar->input(QStringLiteral("min")), Qt::Key_Return); // Enter in a box runs
    QTRY_COMPARE(client.queriesRun, 1);
    QCOMPARE(client.lastHandle->sql(), QStringLiteral("SELECT * FROM devices WHERE device = 'dev\\'1' AND temp > 30"));
    tab->cancel();

    // An error inside the substituted SQL is underlined where the user wrote it.
    editor->setPlainText(QStringLiteral("SELECT {{min}} AS x, bad FROM devices"));
    QTRY_COMPARE(bar->names(), QStringList{QStringLiteral("min")});
    QCOMPARE(bar->input(QStringLiteral("min"))->text(), QStringLiteral("30")); // remembered
    QTest::mouseClick(child<QToolButton>(tab, "runButton"), Qt::LeftButton);
    QTRY_VERIFY(editor->hasError());
    QCOMPARE(editor->extraSelections().first().cursor.selectedText(), QStringLiteral("bad"));
    editor->setPlainText(QStringLiteral("SELECT 1"));
    QTRY_VERIFY(!bar->isVisible());
}

void tst_QueryEditor::scriptRunsStatementByStatement()
{
    tests::FakeClient client;
    ui::MainWindow window(&client);
    window.show();
    ui::QueryTab *tab = window.newQueryTab(QStringLiteral("create stream a;\ncreate stream b;\nSELECT * FROM table(a);\nSELECT bad;\nSELECT 5"));
    tab->editor()->setFocus();
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(tab->editor()->hasError()); // the 4th statement fails...
    QCOMPARE(client.queriesRun, 4);         // ...after the three before it, and the 5th never runs
    QCOMPARE(tab->editor()->extraSelections().first().cursor.selectedText(), QStringLiteral("bad"));
    QCOMPARE(window.historyModel()->rowCount(), 4);
    QCOMPARE(tab->resultModel()->rowsReceived(), 0); // the failed statement's (empty) result shows

    // A streaming statement holds the script until it is stopped; Stop ends the whole script.
    tab->editor()->setPlainText(QStringLiteral("SELECT * FROM a; create stream c"));
    QTest::mouseClick(child<QToolButton>(tab, "runScriptButton"), Qt::LeftButton);
    QTRY_VERIFY(tab->resultModel()->rowsReceived() > 0);
    QCOMPARE(tab->scriptRemaining(), 1);
    QTest::mouseClick(child<QToolButton>(tab, "stopButton"), Qt::LeftButton);
    QTRY_VERIFY(!tab->isRunning());
    QTest::qWait(30);
    QCOMPARE(client.queriesRun, 5);
}

void tst_QueryEditor::inspectorCopyAndRecord()
{
    tests::FakeClient client;
    client.rowsPerTick = 0;
    ui::MainWindow window(&client);
    window.resize(1280, 800);
    window.show();
    ui::QueryTab *tab = window.newQueryTab(QStringLiteral("SELECT * FROM devices"));
    ui::ResultView *view = tab->resultView();
    auto *record = child<QToolButton>(view, "recordButton");
    QVERIFY(!record->isEnabled()); // nothing to record before a run
    QTest::mouseClick(child<QToolButton>(tab, "runButton"), Qt::LeftButton);
    QTRY_VERIFY(client.lastHandle && client.lastHandle->isRunning());
    QTRY_VERIFY(record->isEnabled());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.csv"));
    view->setRecordPathProvider([path] { return path; });
    QTest::mouseClick(record, Qt::LeftButton);
    QVERIFY(view->recorder()->isRecording());
    QVERIFY(record->isChecked());
    tab->resultModel()->setCapacity(100);
    for (int i = 0; i < 10; ++i)
        client.lastHandle->pushRows(50);
    QTRY_VERIFY(child<QLabel>(view, "recordLabel")->text().contains(QLatin1String("REC")));
    QTRY_VERIFY(child<QLabel>(view, "recordLabel")->text().contains(QLatin1String("500 rows")));
    QSignalSpy recorded(view->recorder(), &models::ResultRecorder::finished);
    QTest::mouseClick(record, Qt::LeftButton); // stop
    QTRY_COMPARE(recorded.size(), 1); // the file is complete
    QTRY_VERIFY(child<QLabel>(view, "recordLabel")->text().startsWith(QLatin1String("recorded 500")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), 501);
    QTRY_COMPARE(tab->resultModel()->rowCount(), 100);

    // The inspector pretty-prints a JSON cell of the current row; prev/next walk the grid.
    models::ResultModel *model = tab->resultModel();
    client.lastHandle->finish();
    QTRY_VERIFY(!tab->isRunning());
    model->setColumns({{QStringLiteral("id"), QStringLiteral("int64")}, {QStringLiteral("device"), QStringLiteral("string")},
                       {QStringLiteral("payload"), QStringLiteral("string")}});
    client::ResultBatch batch(3);
    for (int i = 0; i < 3; ++i) {
        batch.appendCell(QByteArray::number(i));
        batch.appendCell("sensor-" + QByteArray::number(i));
        batch.appendCell(R"({"temp":)" + QByteArray::number(20 + i) + R"(,"tags":["a","b"],"ok":true})");
    }
    model->appendBatch(batch);
    model->flushNow();
    auto *table = child<QTableView>(view, "resultTable");
    const QPoint cell = table->visualRect(model->index(1, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(table->currentIndex().row(), 1);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    ui::RowInspector *inspector = view->inspector();
    QTRY_VERIFY(inspector->isVisible());
    QCOMPARE(inspector->row(), 1);
    QVERIFY(inspector->plainText().contains(QLatin1String("\"temp\": 21")));
    QVERIFY(inspector->plainText().contains(QLatin1String("sensor-1")));
    QTest::mouseClick(child<QToolButton>(inspector, "inspectorNext"), Qt::LeftButton);
    QTRY_COMPARE(inspector->row(), 2);
    QVERIFY(inspector->plainText().contains(QLatin1String("\"temp\": 22")));
    QVERIFY(!child<QToolButton>(inspector, "inspectorNext")->isEnabled());
    QCOMPARE(ui::RowInspector::prettyJson(QStringLiteral("not json")), QString());

    table->selectRow(0);
    table->selectionModel()->select(model->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::mouseClick(child<QToolButton>(view, "copyButton"), Qt::LeftButton);
    const QStringList copied = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
    QCOMPARE(copied.size(), 3);
    QCOMPARE(copied.first(), QStringLiteral("id\tdevice\tpayload"));
    QVERIFY(copied.at(2).startsWith(QLatin1String("2\tsensor-2\t{")));
    QTest::mouseClick(child<QToolButton>(inspector, "inspectorClose"), Qt::LeftButton);
    QVERIFY(!inspector->isVisible());
    QVERIFY(!child<QToolButton>(view, "inspectButton")->isChecked());
}

void tst_QueryEditor::screenshots()
{
    if (qEnvironmentVariableIsEmpty("TIDELINE_SCREENSHOT_DIR"))
        return; // the same flows are asserted above; this only renders them for people to look at
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(mode);
        const QString suffix = mode == ui::Theme::Mode::Dark ? QStringLiteral("-dark") : QStringLiteral("-light");
        AnalyzingClient client;
        fillCatalog(client);
        client.rowsPerTick = 0;
        ui::MainWindow window(&client);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        loadExplorer(window, client);
        ui::QueryTab *tab = window.newQueryTab(QStringLiteral("SELECT device, avg(temperature) AS avg_temp\nFROM tumble(devices, 5s) AS d\nWHERE d.temperature > {{min_temp}}\nGROUP BY device, window_start;\n\nSELECT d."));
        tab->variablesBar()->setValue(QStringLiteral("min_temp"), QStringLiteral("30"));
        QTRY_VERIFY(tab->variablesBar()->isVisible());
        tab->editor()->setFocus();
        tab->editor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(tab->editor(), QStringLiteral(" FROM devices d"));
        QTextCursor c = tab->editor()->textCursor();
        c.setPosition(int(tab->editor()->toPlainText().indexOf(QLatin1String("d. FROM"))) + 2);
        tab->editor()->setTextCursor(c);
        QTest::keyClick(tab->editor(), Qt::Key_Space, Qt::ControlModifier);
        QTRY_VERIFY(tab->editor()->completer()->popup()->isVisible());
        shoot(&window, QStringLiteral("editor-autocomplete") + suffix, tab->editor()->completer()->popup());
        QTest::keyClick(tab->editor()->completer()->popup(), Qt::Key_Escape);

        c.setPosition(10);
        tab->editor()->setTextCursor(c);
        QTest::mouseClick(child<QToolButton>(tab, "analyzeButton"), Qt::LeftButton);
        QTRY_VERIFY(tab->analyzePanel()->summaryText().contains(QLatin1String("Streaming")));
        tab->runCurrent();
        QTRY_VERIFY(client.lastHandle && client.lastHandle->isRunning());
        models::ResultModel *model = tab->resultModel();
        model->setColumns({{QStringLiteral("device"), QStringLiteral("string")}, {QStringLiteral("avg_temp"), QStringLiteral("float64")},
                           {QStringLiteral("window_start"), QStringLiteral("datetime64(3)")}, {QStringLiteral("payload"), QStringLiteral("string")}});
        client::ResultBatch batch(4);
        for (int i = 0; i < 40; ++i) {
            batch.appendCell("sensor-" + QByteArray::number(i % 7));
            batch.appendCell(QByteArray::number(20 + (i * 37 % 150) / 10.0));
            batch.appendCell("2024-05-01 12:00:" + QByteArray::number(10 + i % 50));
            batch.appendCell(R"({"site":"berlin-)" + QByteArray::number(i % 3) + R"(","fw":"1.4.)" + QByteArray::number(i % 9)
                             + R"(","alarms":[)" + QByteArray::number(i % 4) + R"(],"ok":true})");
        }
        model->appendBatch(batch);
        model->flushNow();
        QTRY_VERIFY(child<QLabel>(tab, "countersLabel")->text().startsWith(QLatin1String("40 rows")));
        shoot(&window, QStringLiteral("editor-analyze") + suffix);
        auto *table = child<QTableView>(tab->resultView(), "resultTable");
        table->selectRow(3);
        tab->resultView()->setInspectorVisible(true);
        QTRY_VERIFY(tab->resultView()->inspector()->plainText().contains(QLatin1String("berlin")));
        shoot(&window, QStringLiteral("result-inspector") + suffix);
        tab->cancel();
    }
    ui::Theme::apply(ui::Theme::Mode::Light);
}

QTEST_MAIN(tst_QueryEditor)
#include "tst_QueryEditor.moc"
