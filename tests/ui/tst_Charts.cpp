// ui/charts clicked like a user, offscreen: a query tab's Chart view suggests a line chart for a
// time series, draws decimated points once per frame, keeps its format when the SQL is edited,
// and switches to the other types (bar, single value, multiple values, table with conditional
// colours and trend arrows, markdown with live values) from the settings form.
#include <QComboBox>
#include <QJsonDocument>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QValueAxis>
#include <QtTest>
#include "models/ChartData.h"
#include "tests/models/FakeClient.h"
#include "ui/QueryTab.h"
#include "ui/charts/ChartPane.h"
#include "ui/charts/ChartSettings.h"
#include "ui/charts/ChartView.h"
#include "ui/charts/MarkdownChart.h"
#include "ui/charts/TableChart.h"
#include "ui/charts/TableChartModel.h"
#include "ui/charts/ValueTiles.h"
#include "ui/charts/XYChart.h"
#include "tests/ui/UiTestUtil.h"

using namespace tideline;
using namespace tideline::tests;

namespace {

// A streaming query of (ts, device, temp) whose rows the test pushes: one second apart.
class SeriesHandle : public client::QueryHandle {
public:
    explicit SeriesHandle(const QString &sql, QObject *parent) : client::QueryHandle(parent), m_sql(sql) {}
    QString id() const override { return QStringLiteral("series"); }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return true; }
    bool isStreaming() const override { return true; }
    QList<client::ColumnInfo> columns() const override
    {
        const QString value = m_sql.contains(QLatin1String("AS celsius")) ? QStringLiteral("celsius") : QStringLiteral("temp");
        return {{QStringLiteral("ts"), QStringLiteral("datetime64(3, 'UTC')")}, {QStringLiteral("device"), QStringLiteral("string")},
                {value, QStringLiteral("float64")}};
    }
    void cancel() override {}
    void start() { Q_EMIT started(QJsonObject{{QStringLiteral("id"), id()}}); }
    void push(int count, int devices = 2)
    {
        client::ResultBatch b(3);
        for (int i = 0; i < count; ++i, ++m_next) {
            const QDateTime t = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(m_next / devices);
            b.appendCell(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toUtf8());
            b.appendCell(QStringLiteral("device-%1").arg(m_next % devices).toUtf8());
            b.appendCell(QByteArray::number(20 + (m_next % devices) * 5 + (m_next / devices) % 7));
        }
        Q_EMIT rows(b);
    }

private:
    QString m_sql;
    int m_next = 0;
};

class SeriesClient : public tests::FakeClient {
public:
    client::QueryHandle *runQuery(const QString &sql, const client::QueryOptions &, QObject *parent) override
    {
        auto *h = new SeriesHandle(sql, parent);
        last = h;
        QTimer::singleShot(0, h, [h] { h->start(); });
        return h;
    }
    QPointer<SeriesHandle> last;
};

// A Console table style: temperatures of 25 and above highlight their row.
const char *const kTableStyles = "{\"temp\":{\"name\":\"Temp \u00b0C\",\"fractionDigits\":1,\"color\":{\"type\":\"condition\","
                                 "\"conditions\":[{\"operator\":\"gte\",\"value\":25,\"color\":\"#E53E3E\",\"highlightRow\":true}]}}}";

} // namespace

class tst_Charts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void queryTabChartsALiveSeriesAndKeepsItsFormat()
    {
        SeriesClient client;
        ui::QueryTab tab(&client, nullptr);
        tab.resize(1200, 700);
        tab.show();
        tab.editor()->setPlainText(QStringLiteral("SELECT ts, device, temp FROM devices"));
        tab.showChart();
        tab.runCurrent();
        QTRY_VERIFY(client.last && !tab.chartPane()->data()->columns().isEmpty());
        auto *pane = tab.chartPane();
        QCOMPARE(pane->config().type(), models::ChartType::Line); // suggested from (time, string, number)
        QCOMPARE(pane->config().color(), QStringLiteral("device"));
        for (int i = 0; i < 20; ++i)
            client.last->push(500);
        const qint64 framesBefore = pane->data()->frames();
        QTRY_COMPARE(pane->data()->rowsReceived(), 10000);
        QTRY_VERIFY(pane->data()->frames() > framesBefore);
        QVERIFY(pane->data()->frames() - framesBefore <= 3); // 20 batches, a frame or few: never per batch
        auto *xy = pane->view()->xyChart();
        QCOMPARE(pane->view()->currentRenderer(), xy);
        QCOMPARE(xy->seriesNames(), (QStringList{QStringLiteral("device-0"), QStringLiteral("device-1")}));
        QVERIFY(xy->pointsDrawn() > 0);
        QVERIFY(xy->pointsDrawn() <= 4 * 2 * (xy->qchart()->plotArea().width() + 2)); // decimated
        // The 5-minute default window: 5000 s of data, 300 s shown.
        QCOMPARE(pane->data()->windowEnd() - pane->data()->windowStart(), 300000.0);

        // Format through the form.
        auto *settings = pane->settings();
        QLineEdit *title = child<QLineEdit>(settings, "chartTitleEdit");
        title->setText(QStringLiteral("Temperature"));
        Q_EMIT title->editingFinished();
        child<QSpinBox>(settings, "decimalsSpin")->setValue(1);
        QLineEdit *yMax = child<QLineEdit>(settings, "yMaxEdit");
        yMax->setText(QStringLiteral("100"));
        Q_EMIT yMax->editingFinished();
        QCOMPARE(pane->config().title(), QStringLiteral("Temperature"));
        QTRY_COMPARE(xy->qchart()->title(), QStringLiteral("Temperature"));
        auto *axisY = qobject_cast<QValueAxis *>(xy->qchart()->axes(Qt::Vertical).value(0));
        QVERIFY(axisY);
        QCOMPARE(axisY->max(), 100.0);
        QCOMPARE(axisY->labelFormat(), QStringLiteral("%.1f"));

        // Edit the SQL (the value column is renamed): the format stays, the binding follows.
        tab.editor()->setPlainText(QStringLiteral("SELECT ts, device, temp AS celsius FROM devices"));
        tab.runCurrent();
        QTRY_COMPARE(pane->config().yAxis(), QStringLiteral("celsius"));
        QCOMPARE(pane->config().title(), QStringLiteral("Temperature"));
        QCOMPARE(pane->config().decimals(), 1);
        QCOMPARE(pane->config().yMax(), std::optional<double>(100));
    }

    void settingsSwitchTypesAndModes()
    {
        SeriesClient client;
        ui::QueryTab tab(&client, nullptr);
        tab.resize(1200, 700);
        tab.show();
        tab.editor()->setPlainText(QStringLiteral("SELECT ts, device, temp FROM devices"));
        tab.showChart();
        tab.runCurrent();
        QTRY_VERIFY(client.last && !tab.chartPane()->data()->columns().isEmpty());
        auto *pane = tab.chartPane();
        auto *settings = pane->settings();
        client.last->push(40);

        choose(child<QComboBox>(settings, "chartTypeCombo"), QStringLiteral("Column"));
        QCOMPARE(pane->config().type(), models::ChartType::Column);
        QCOMPARE(pane->config().xAxis(), QStringLiteral("device")); // bars are by category
        choose(child<QComboBox>(settings, "updateModeCombo"), QStringLiteral("Latest row per key"));
        choose(child<QComboBox>(settings, "updateKeyCombo"), QStringLiteral("device"));
        client.last->push(40);
        QTRY_VERIFY(pane->view()->xyChart()->pointsDrawn() == 2);

        choose(child<QComboBox>(settings, "chartTypeCombo"), QStringLiteral("Multiple values"));
        client.last->push(4);
        QTRY_COMPARE(pane->view()->valueTiles()->tiles().size(), 2);
        QCOMPARE(pane->view()->valueTiles()->tiles()[0].label, QStringLiteral("device-0"));
        QVERIFY(!pane->view()->valueTiles()->tiles()[0].deltaText.isEmpty());

        choose(child<QComboBox>(settings, "chartTypeCombo"), QStringLiteral("Single value"));
        client.last->push(6);
        QTRY_COMPARE(pane->view()->valueTiles()->tiles().size(), 1);
        QCOMPARE(pane->view()->currentRenderer(), pane->view()->valueTiles());

        // A table with a Console conditional colour: hot rows highlighted, trend arrows per key.
        models::ChartConfig table = pane->config();
        table.setType(models::ChartType::Table);
        QJsonObject viz = table.toJson();
        QJsonObject config = viz.value(QStringLiteral("config")).toObject();
        config.insert(QStringLiteral("tableStyles"), QJsonDocument::fromJson(kTableStyles).object());
        viz.insert(QStringLiteral("config"), config);
        pane->setConfig(models::ChartConfig(viz));
        client.last->push(2);
        client.last->push(2);
        auto *model = pane->view()->tableChart()->tableModel();
        QTRY_COMPARE(model->rowCount(), 2);
        QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Temp °C"));
        int highlighted = 0, arrows = 0;
        for (int r = 0; r < 2; ++r) {
            highlighted += model->data(model->index(r, 0), Qt::BackgroundRole).isValid();
            const QString t = model->data(model->index(r, 2)).toString();
            arrows += t.contains(QString::fromUtf8("▲")) || t.contains(QString::fromUtf8("▼"));
        }
        QCOMPARE(highlighted, 1); // device-1 reads 25 and above
        QVERIFY(arrows >= 1);

        // Markdown with live values.
        models::ChartConfig md = pane->config();
        md.setType(models::ChartType::Markdown);
        md.setMarkdown(QStringLiteral("Now **{{temp}}** °C; device-0 at {{@device-0::temp}}"));
        pane->setConfig(md);
        client.last->push(2);
        QTRY_VERIFY(pane->view()->markdownChart()->renderedMarkdown().startsWith(QLatin1String("Now **")));
        QVERIFY(!pane->view()->markdownChart()->renderedMarkdown().contains(QLatin1String("{{")));
    }

    void legendClickHidesASeries()
    {
        models::ChartData data;
        ui::charts::ChartView view(&data);
        view.resize(800, 400);
        view.show();
        data.setConfig(models::ChartConfig(QJsonDocument::fromJson(R"({"chartType":"area","config":{"xAxis":"ts","yAxis":"temp","color":"device","xRange":"Infinity"}})").object()));
        SeriesHandle h(QStringLiteral("SELECT"), nullptr);
        data.setColumns(h.columns());
        connect(&h, &client::QueryHandle::rows, &data, &models::ChartData::appendBatch);
        h.push(100, 3);
        data.flushNow();
        auto *chart = view.xyChart()->qchart();
        QCOMPARE(chart->series().size(), 3);
        QVERIFY(chart->legend()->isVisible());
        Q_EMIT chart->legend()->markers().at(1)->clicked();
        QVERIFY(!chart->series().at(1)->isVisible());
        QVERIFY(chart->series().at(0)->isVisible());

        // Rebuilds (more series, another type) free the old series exactly once.
        h.push(5, 4);
        data.flushNow();
        QCOMPARE(chart->series().size(), 4);
        models::ChartConfig line = data.config();
        line.setType(models::ChartType::Line);
        data.setConfig(line);
        h.push(8, 2);
        data.flushNow();
        QCOMPARE(chart->series().size(), 2);
        h.push(9, 3);
        data.flushNow();
        QCOMPARE(chart->series().size(), 3);
    }
};

QTEST_MAIN(tst_Charts)
#include "tst_Charts.moc"
