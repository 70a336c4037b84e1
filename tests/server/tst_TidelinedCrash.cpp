// The crash harness: the real tidelined serves clients that ingest into two streams, read a
// live query, run three materialized views (one per-block, two that rebuild state by replay),
// an alert and an HTTP sink, and create and drop streams; it is killed with SIGKILL at random
// moments (seeded) and restarted on the same data folder. After every restart:
//  - every acknowledged row is stored exactly once, and nothing is stored that was never sent;
//  - every view's output equals the same query recomputed over what is stored (no loss, no
//    duplicate, no window emitted twice);
//  - the alert fires and the sink delivers for a row ingested after the restart;
//  - the list endpoints show exactly what was created (acknowledged creates and drops count).
// TIDELINE_CRASH_KILLS (default 4, scripts/reliability.sh uses 50) and TIDELINE_CRASH_SEED
// (default: the time) set the run; the seed is printed so a failure can be repeated.
#include <QDateTime>
#include <QTemporaryDir>
#include <chrono>
#include <memory>
#include "CrashWorkload.h"
#include "HookReceiver.h"

using namespace tideline::server::testing;

namespace {

int envInt(const char *name, qint64 fallback)
{
    bool ok = false;
    qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return static_cast<int>(ok ? v : fallback);
}

QJsonObject column(const char *name, const char *type)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("type"), QLatin1String(type)}};
}

// Marker rows in `side` (v >= 5000) wake the alert and the sink; ordinary rows never do.
constexpr qint64 kMarkerValue = 5000;

struct ViewCheck {
    QString name, viewSql, storedSql, recomputeSql;
};

// Each view's output is compared with its own query recomputed over the stored source.
const QList<ViewCheck> kViews{
    {QStringLiteral("mv_filter"), QStringLiteral("SELECT id, v FROM events WHERE k % 3 = 0"),
     QStringLiteral("SELECT id, v FROM table(mv_filter) ORDER BY id"), QStringLiteral("SELECT id, v FROM table(events) WHERE k % 3 = 0 ORDER BY id")},
    // A global aggregation emits snapshots; the newest per key must be the exact total.
    {QStringLiteral("mv_agg"), QStringLiteral("SELECT k, count() AS c, sum(v) AS s FROM events GROUP BY k"),
     QStringLiteral("SELECT k, arg_max(c, _tp_sn), arg_max(s, _tp_sn) FROM table(mv_agg) GROUP BY k ORDER BY k"),
     QStringLiteral("SELECT k, count(), sum(v) FROM table(events) GROUP BY k ORDER BY k")},
    // Windows close on the watermark: every window but the newest, each once.
    {QStringLiteral("mv_win"), QStringLiteral("SELECT window_start, count() AS c FROM tumble(events, 1s) GROUP BY window_start"),
     QStringLiteral("SELECT window_start, c FROM table(mv_win) ORDER BY window_start"),
     QStringLiteral("SELECT window_start, count() FROM tumble(table(events), 1s) GROUP BY window_start ORDER BY window_start")},
};

} // namespace

class TidelinedCrash : public ::testing::Test {
protected:
    TidelinedCrash()
        : m_server(m_dir.filePath(QStringLiteral("data")), m_dir.filePath(QStringLiteral("key")), "crash-harness-key-0123456789"),
          m_events(QStringLiteral("events"), QJsonArray{QStringLiteral("id"), QStringLiteral("k"), QStringLiteral("v")},
                   [](qint64 id) { return QJsonArray{id, static_cast<int>(id % 7), (id * 37) % 1000}; }, 1, 400, 0),
          m_side(QStringLiteral("side"), QJsonArray{QStringLiteral("id"), QStringLiteral("v")},
                 [](qint64 id) { return QJsonArray{id, id % 100}; }, 1, 20, 30)
    {
    }

    void createEverything(BlockingHttp &http);
    void runUntilKilled(int epoch, int killAfterMs);
    void checkRows(BlockingHttp &http, const IngestLoop &loop);
    void checkViews(BlockingHttp &http);
    void checkAlertAndSink(BlockingHttp &http);
    void checkCatalog(BlockingHttp &http);
    void checkLiveQuery(BlockingHttp &http);

    QTemporaryDir m_dir;
    TidelinedChild m_server;
    IngestLoop m_events, m_side;
    HookReceiver m_hook;
    std::mt19937_64 m_rng;
    QString m_alertId;
    QSet<QString> m_tmpCreated, m_tmpDropped; // acknowledged catalog changes
    QSet<QString> m_tmpDropSent;               // drops sent: one the kill cut off may or may not have applied
    std::vector<std::unique_ptr<LiveQuery>> m_live;
    int m_killsDuringIngest = 0;
};

void TidelinedCrash::createEverything(BlockingHttp &http)
{
    auto stream = [&](const char *name, QJsonArray columns) {
        ASSERT_EQ(http.post(QStringLiteral("/streams"), QJsonObject{{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("columns"), columns}}).status, 201);
    };
    stream("events", QJsonArray{column("id", "int64"), column("k", "int32"), column("v", "int64")});
    stream("side", QJsonArray{column("id", "int64"), column("v", "int64")});
    for (const auto &view : kViews) {
        auto created = http.post(QStringLiteral("/materialized_views"), QJsonObject{{QStringLiteral("name"), view.name}, {QStringLiteral("query"), view.viewSql}});
        ASSERT_EQ(created.status, 201) << view.name.toStdString() << " " << created.body.toStdString();
    }
    QString marker = QStringLiteral("SELECT id, v FROM side WHERE v >= %1").arg(kMarkerValue);
    auto alert = http.post(QStringLiteral("/alerts"), QJsonObject{{QStringLiteral("name"), QStringLiteral("marker")}, {QStringLiteral("severity"), 1},
                                                                  {QStringLiteral("action"), QStringLiteral("slack")}, {QStringLiteral("trigger_sql"), marker},
                                                                  {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), m_hook.url()},
                                                                                                             {QStringLiteral("message"), QStringLiteral("marker={{id}}")}}}});
    ASSERT_EQ(alert.status, 201) << alert.body.toStdString();
    m_alertId = alert.object().value(QStringLiteral("id")).toString();
    auto sink = http.post(QStringLiteral("/sinks"), QJsonObject{{QStringLiteral("name"), QStringLiteral("out")}, {QStringLiteral("type"), QStringLiteral("http")},
                                                                {QStringLiteral("query"), marker},
                                                                {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), m_hook.url()}}}});
    ASSERT_EQ(sink.status, 201) << sink.body.toStdString();
}

// Starts every client, lets them work for `killAfterMs`, then SIGKILLs the server mid-flight.
void TidelinedCrash::runUntilKilled(int epoch, int killAfterMs)
{
    QNetworkAccessManager nam;
    m_events.start(nam, m_server, m_rng);
    m_side.start(nam, m_server, m_rng);
    LiveQuery *live = m_live.emplace_back(std::make_unique<LiveQuery>()).get();
    live->start(nam, m_server, QStringLiteral("SELECT id FROM events"));
    QString created = QStringLiteral("tmp_%1").arg(epoch), dropped = QStringLiteral("tmp_%1").arg(epoch - 1);
    QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("name"), created}, {QStringLiteral("columns"), QJsonArray{column("a", "int32")}}})
                          .toJson(QJsonDocument::Compact);
    requestThen(nam, m_server, "POST", QStringLiteral("/streams"), body, [this, created](int status) {
        if (status == 201)
            m_tmpCreated.insert(created);
    });
    QTimer::singleShot(killAfterMs / 2, [&, dropped] {
        m_tmpDropSent.insert(dropped);
        requestThen(nam, m_server, "DELETE", QStringLiteral("/streams/") + dropped, {}, [this, dropped](int status) {
            if (status == 204 || status == 200)
                m_tmpDropped.insert(dropped);
        });
    });
    QElapsedTimer timer;
    timer.start();
    int ackedBefore = m_events.requestsAcked;
    spinUntil([&] { return timer.elapsed() >= killAfterMs; }, killAfterMs + 1000);
    m_server.kill();
    if (m_events.requestsAcked > ackedBefore)
        ++m_killsDuringIngest;
    m_events.stop();
    m_side.stop();
    live->stop();
    QCoreApplication::processEvents(); // answers already read are acted on before the NAM goes
}

void TidelinedCrash::checkRows(BlockingHttp &http, const IngestLoop &loop)
{
    auto rows = http.query(QStringLiteral("SELECT id FROM table(%1)").arg(loop.stream()));
    ASSERT_TRUE(rows) << "cannot read " << loop.stream().toStdString();
    QSet<qint64> stored;
    int duplicates = 0, unknown = 0;
    for (const auto &row : *rows) {
        qint64 id = row.toArray().at(0).toInteger();
        if (stored.contains(id))
            ++duplicates;
        if (!loop.sent.contains(id))
            ++unknown;
        stored.insert(id);
    }
    int missing = 0;
    for (qint64 id : loop.acked)
        missing += stored.contains(id) ? 0 : 1;
    EXPECT_EQ(duplicates, 0) << loop.stream().toStdString() << ": rows stored twice";
    EXPECT_EQ(unknown, 0) << loop.stream().toStdString() << ": rows never sent";
    EXPECT_EQ(missing, 0) << loop.stream().toStdString() << ": acknowledged rows lost, of " << loop.acked.size();
}

void TidelinedCrash::checkViews(BlockingHttp &http)
{
    for (const auto &view : kViews) {
        std::optional<QJsonArray> output, expected;
        // A restarted view replays and catches up, and a global aggregation emits on its period.
        bool equal = spinUntil([&] {
            output = http.query(view.storedSql);
            expected = http.query(view.recomputeSql);
            if (expected && view.name == QLatin1String("mv_win") && !expected->isEmpty())
                expected->removeLast(); // the newest window is still open
            return output && expected && *output == *expected;
        }, 30000);
        if (view.name != QLatin1String("mv_win")) { // rows have arrived: a view that outputs nothing is not "equal"
            EXPECT_FALSE(output.value_or(QJsonArray()).isEmpty()) << view.name.toStdString() << " has no output";
        }
        EXPECT_TRUE(equal) << view.name.toStdString() << " differs from its recomputation:\n  view:     "
                           << QJsonDocument(output.value_or(QJsonArray())).toJson(QJsonDocument::Compact).left(600).toStdString()
                           << "\n  expected: " << QJsonDocument(expected.value_or(QJsonArray())).toJson(QJsonDocument::Compact).left(600).toStdString();
    }
}

// The alert (resolved first, so it can fire again) and the sink both see a new marker row.
void TidelinedCrash::checkAlertAndSink(BlockingHttp &http)
{
    http.post(QStringLiteral("/alerts/%1/resolve").arg(m_alertId), QJsonObject());
    qint64 marker = -1;
    auto markerRow = [&](const QJsonValue &v) { return v.toObject().value(QStringLiteral("id")).toInteger() == marker; };
    auto delivered = [&](bool alert) {
        for (qsizetype i = 0; i < m_hook.bodies().size(); ++i) {
            QJsonValue body = m_hook.json(i);
            if (alert && body.toObject().value(QStringLiteral("text")).toString() == QStringLiteral("marker=%1").arg(marker))
                return true;
            if (!alert && body.isArray() && std::any_of(body.toArray().begin(), body.toArray().end(), markerRow))
                return true;
        }
        return false;
    };
    // The runners start with the server but subscribe on their own threads: a marker sent before
    // they listen is not theirs to see, so it is sent again (a new id) until one arrives.
    bool alerted = false, sunk = false;
    for (int attempt = 0; attempt < 10 && !(alerted && sunk); ++attempt) {
        auto id = m_side.ingestOne(http, [](qint64 id) { return QJsonArray{id, kMarkerValue}; });
        ASSERT_TRUE(id) << "a marker row was refused: " << m_side.lastReply.status << " " << m_side.lastReply.body.toStdString();
        marker = *id;
        spinUntil([&] { return (alerted = alerted || delivered(true)) && (sunk = sunk || delivered(false)); }, 3000);
        if (!(alerted && sunk))
            http.post(QStringLiteral("/alerts/%1/resolve").arg(m_alertId), QJsonObject());
    }
    EXPECT_TRUE(alerted) << "the alert did not fire after the restart";
    EXPECT_TRUE(sunk) << "the sink did not deliver after the restart";
}

void TidelinedCrash::checkCatalog(BlockingHttp &http)
{
    QSet<QString> streams, views;
    for (const auto &s : http.send("GET", QStringLiteral("/streams")).array())
        streams.insert(s.toObject().value(QStringLiteral("name")).toString());
    for (const auto &v : http.send("GET", QStringLiteral("/materialized_views")).array())
        views.insert(v.toObject().value(QStringLiteral("name")).toString());
    EXPECT_TRUE(streams.contains(QStringLiteral("events")) && streams.contains(QStringLiteral("side")));
    for (const QString &name : m_tmpCreated) {
        // A drop whose answer the kill cut off may have applied; from now on its outcome is known.
        if (m_tmpDropSent.contains(name) && !m_tmpDropped.contains(name) && !streams.contains(name))
            m_tmpDropped.insert(name);
        EXPECT_EQ(streams.contains(name), !m_tmpDropped.contains(name)) << name.toStdString() << " (created, dropped: " << m_tmpDropped.contains(name) << ")";
    }
    for (const QString &name : m_tmpDropped)
        EXPECT_FALSE(streams.contains(name)) << name.toStdString() << " was dropped";
    EXPECT_EQ(views, (QSet<QString>{QStringLiteral("mv_filter"), QStringLiteral("mv_agg"), QStringLiteral("mv_win")}));
    EXPECT_EQ(http.send("GET", QStringLiteral("/alerts")).array().size(), 1);
    EXPECT_EQ(http.send("GET", QStringLiteral("/sinks")).array().size(), 1);
}

// What a live reader saw before the kill is in order and is stored.
void TidelinedCrash::checkLiveQuery(BlockingHttp &http)
{
    Q_UNUSED(http);
    const LiveQuery *live = m_live.back().get();
    EXPECT_EQ(live->outOfOrder, 0) << "a live query saw rows out of order";
    int unknown = 0;
    for (qint64 id : live->ids)
        unknown += m_events.sent.contains(id) ? 0 : 1;
    EXPECT_EQ(unknown, 0);
}

TEST_F(TidelinedCrash, EverythingAcknowledgedSurvivesRandomKills)
{
    const int kills = envInt("TIDELINE_CRASH_KILLS", 4);
    const auto seed = static_cast<quint64>(envInt("TIDELINE_CRASH_SEED", QDateTime::currentMSecsSinceEpoch() % 1000000));
    m_rng.seed(seed);
    std::printf("tst_TidelinedCrash: seed %llu (TIDELINE_CRASH_SEED to repeat), %d kills\n", static_cast<unsigned long long>(seed), kills);
    std::fflush(stdout);
    ASSERT_TRUE(m_server.start()) << m_server.error().toStdString();
    {
        BlockingHttp http(m_server);
        ASSERT_NO_FATAL_FAILURE(createEverything(http));
    }
    QElapsedTimer total;
    total.start();
    for (int epoch = 1; epoch <= kills; ++epoch) {
        runUntilKilled(epoch, std::uniform_int_distribution<int>(20, 1500)(m_rng));
        ASSERT_TRUE(m_server.start()) << "restart " << epoch << ": " << m_server.error().toStdString();
        BlockingHttp http(m_server);
        SCOPED_TRACE("after kill " + std::to_string(epoch) + ", seed " + std::to_string(seed));
        ASSERT_NO_FATAL_FAILURE(checkRows(http, m_events));
        ASSERT_NO_FATAL_FAILURE(checkRows(http, m_side));
        ASSERT_NO_FATAL_FAILURE(checkLiveQuery(http));
        ASSERT_NO_FATAL_FAILURE(checkViews(http));
        ASSERT_NO_FATAL_FAILURE(checkCatalog(http));
        ASSERT_NO_FATAL_FAILURE(checkAlertAndSink(http));
        std::printf("tst_TidelinedCrash: kill %d checked at %.1f s\n", epoch, total.elapsed() / 1000.0);
        std::fflush(stdout); // a run cut short by its time limit still says how far it got
        if (HasFailure())
            break;
    }
    EXPECT_EQ(m_server.terminate(), 0);
    qsizetype seenLive = 0;
    for (const auto &live : m_live)
        seenLive += live->ids.size();
    EXPECT_GT(seenLive, 0) << "no live query saw a row: the order check checked nothing";
    std::printf("tst_TidelinedCrash: %d kills survived (%d during acknowledged ingest) in %.0f s; %lld rows acknowledged "
                "(%lld sent), %lld seen live, %lld streams created and dropped, seed %llu\n",
                kills, m_killsDuringIngest, total.elapsed() / 1000.0, static_cast<long long>(m_events.acked.size() + m_side.acked.size()),
                static_cast<long long>(m_events.sent.size() + m_side.sent.size()), static_cast<long long>(seenLive),
                static_cast<long long>(m_tmpDropped.size()),
                static_cast<unsigned long long>(seed));
}
