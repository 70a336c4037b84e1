#pragma once
// The view-model of one object's detail page: its schema (a SchemaModel), its DDL (SHOW CREATE
// for catalog objects, the JSON definition for documents), live stats polled from the stats
// endpoint, and a bounded data preview (the latest rows through table()).
//
// Stats: every refreshStats() asks for StreamStats with one day of hourly history. The live
// events/s series is derived from the row count between two answers (the endpoint's own
// written_eps is a 30-minute average, too smooth to show a burst). An answer that arrives
// after a newer request was made is dropped. GUI thread only; nothing here blocks.
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <deque>
#include "client/WorkspaceClient.h"

namespace tideline::models {

class ResultModel;
class SchemaModel;

class ObjectDetails : public QObject {
    Q_OBJECT
public:
    struct Stats {
        bool valid = false;
        qint64 rowCount = 0;
        qint64 bytes = 0;
        QDateTime earliest; // UTC, invalid when the stream is empty
        QDateTime latest;
        double writtenEps = 0; // 30-minute averages from the endpoint
        double readEps = 0;
        // Materialized views: proton.MVStatus of the (first) node, e.g. ExecutingPipeline,
        // Paused, Fatal, and the reason when it stopped.
        QString status;
        QString statusError;
    };

    ObjectDetails(client::WorkspaceClient *client, client::Resource resource, const QString &name,
                  const QString &database, const QJsonObject &object, QObject *parent = nullptr);

    client::Resource resource() const { return m_resource; }
    QString name() const { return m_name; }
    QString database() const { return m_database; }
    QString qualifiedName() const;
    QJsonObject object() const { return m_object; }
    // Catalog kinds have a schema and a preview; streams, MVs, external streams, sinks and sources have stats.
    bool hasData() const;
    bool hasStats() const;

    SchemaModel *schema() const { return m_schema; }
    ResultModel *preview() const { return m_preview; }
    QString ddl() const { return m_ddl; }
    const Stats &stats() const { return m_stats; }
    // Events per second between consecutive stats answers, oldest first, at most kMaxSamples.
    QList<double> liveRates() const { return {m_rates.begin(), m_rates.end()}; }
    // Hourly written events/s over the last day, from the endpoint's history.
    QList<double> hourlyRates() const { return m_hourly; }
    QString lastError() const { return m_error; }

    void reloadObject(); // get(): a fresh definition and schema
    void loadDdl();
    void refreshStats();
    void loadPreview(int rows = 100);
    // Materialized views: SYSTEM PAUSE / UNPAUSE MATERIALIZED VIEW (the engine keeps a paused
    // view paused across restarts and resumes where it stopped), then fresh stats.
    void setPaused(bool paused);
    bool isPaused() const { return m_stats.status == QLatin1String("Paused"); }

    // The SQL of "query it": live for streams and MVs, historical (table()) when asked.
    static QString querySql(client::Resource resource, const QString &qualifiedName, bool historical = false);
    static QString previewSql(client::Resource resource, const QString &qualifiedName, int rows);
    static QString showCreateSql(client::Resource resource, const QString &qualifiedName);

    static constexpr int kMaxSamples = 120;

Q_SIGNALS:
    void objectChanged();
    void ddlChanged();
    void statsChanged();
    void failed(const QString &message);
    void pausedChanged(bool paused); // after setPaused() succeeded

private:
    void setObject(const QJsonObject &object);
    void statsReceived(quint64 request, qint64 msecs, const client::Reply &reply);
    void ddlFinished(client::QueryHandle *handle);

    QPointer<client::WorkspaceClient> m_client;
    client::Resource m_resource;
    QString m_name;
    QString m_database;
    QJsonObject m_object;
    SchemaModel *m_schema;
    ResultModel *m_preview;
    QString m_ddl;
    QString m_ddlText; // rows of SHOW CREATE while they arrive
    QPointer<client::QueryHandle> m_ddlQuery;
    QPointer<client::QueryHandle> m_previewQuery;
    Stats m_stats;
    std::deque<double> m_rates;
    QList<double> m_hourly;
    qint64 m_lastCount = -1;
    qint64 m_lastMsecs = 0;
    quint64 m_statsRequest = 0;
    bool m_statsInFlight = false;
    QString m_error;
};

} // namespace tideline::models
