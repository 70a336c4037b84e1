#include "app/gui/DemoWorkspace.h"
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "client/WorkspaceClient.h"

namespace tideline::app {

using client::Resource;

namespace {

const char *const kDevices[] = {"boiler-1", "boiler-2", "chiller-a", "chiller-b", "pump-7", "fan-3", "valve-12", "sensor-x"};

struct SavedQuery {
    const char *name;
    const char *sql;
};
const SavedQuery kSaved[] = {
    {"Live events", "SELECT * FROM devices"},
    {"Average temperature per device, 5 s windows",
     "SELECT window_start, device, count() AS events, round(avg(temperature), 2) AS avg_temp\n"
     "FROM tumble(devices, 5s)\nGROUP BY window_start, device"},
    {"Hot devices", "SELECT _tp_time, device, temperature, status\nFROM devices\nWHERE temperature > 80"},
    {"Everything stored so far", "SELECT device, count() AS events, max(temperature) AS max_temp\nFROM table(devices)\nGROUP BY device\nORDER BY device"},
};

} // namespace

DemoWorkspace::DemoWorkspace(client::WorkspaceClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &DemoWorkspace::ingestBatch);
}

void DemoWorkspace::start()
{
    if (m_started)
        return;
    m_started = true;
    auto *create = m_client->runQuery(QStringLiteral(
        "CREATE STREAM IF NOT EXISTS devices (device string, temperature float64, humidity float64, status string) "
        "COMMENT 'demo: simulated sensor events'"), {}, this);
    auto go = [this, create] {
        create->deleteLater();
        createSavedQueries();
        m_timer.start();
        ingestBatch();
        Q_EMIT ready();
    };
    connect(create, &client::QueryHandle::finished, this, go);
    connect(create, &client::QueryHandle::failed, this, [this, create](const client::ErrorInfo &e) {
        qWarning("demo: cannot create the stream: %s", qPrintable(e.message));
        create->deleteLater();
    });
}

void DemoWorkspace::createSavedQueries()
{
    m_client->list(Resource::SavedQuery, [this](const client::Reply &reply) {
        QStringList existing;
        for (const QJsonValue &v : reply.value.toArray())
            existing << v.toObject().value(QStringLiteral("name")).toString();
        int created = 0;
        for (const SavedQuery &q : kSaved) {
            if (existing.contains(QLatin1String(q.name)))
                continue;
            ++created;
            m_client->create(Resource::SavedQuery,
                             QJsonObject{{QStringLiteral("name"), QLatin1String(q.name)}, {QStringLiteral("sql"), QLatin1String(q.sql)},
                                         {QStringLiteral("description"), QStringLiteral("demo")}},
                             [this](const client::Reply &r) {
                                 if (!r.ok)
                                     qWarning("demo: saved query refused: %s", qPrintable(r.error.message));
                                 Q_EMIT seeded();
                             });
        }
        if (created == 0)
            Q_EMIT seeded();
    });
}

void DemoWorkspace::ingestBatch()
{
    QJsonArray rows;
    const int count = 20 + int(m_random.bounded(30));
    // The event time is set explicitly (the demo's events happen "now").
    const QString now = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    for (int i = 0; i < count; ++i) {
        const int d = int(m_random.bounded(int(std::size(kDevices))));
        const double temp = 55 + d * 3 + m_random.generateDouble() * 30;
        const double humidity = 30 + m_random.generateDouble() * 40;
        const QString status = temp > 85 ? QStringLiteral("alarm") : temp > 78 ? QStringLiteral("warn") : QStringLiteral("ok");
        rows.append(QJsonArray{now, QLatin1String(kDevices[d]), std::round(temp * 100) / 100, std::round(humidity * 10) / 10, status});
    }
    const QJsonObject body{{QStringLiteral("columns"), QJsonArray{QStringLiteral("_tp_time"), QStringLiteral("device"), QStringLiteral("temperature"),
                                                                  QStringLiteral("humidity"), QStringLiteral("status")}},
                           {QStringLiteral("data"), rows}};
    m_client->ingest(QStringLiteral("devices"), client::IngestFormat::Compact, QJsonDocument(body).toJson(QJsonDocument::Compact),
                     [](const client::Reply &) {});
}

} // namespace tideline::app
