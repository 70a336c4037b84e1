#pragma once
// A scripted WorkspaceClient for model and GUI tests. Callbacks are delivered on the next turn
// of the event loop (as the real clients do, never inside the call). Queries:
//   - SQL containing "bad" fails with code 62 at the position of "bad";
//   - SQL starting with "create" finishes right after started();
//   - anything else streams: a FakeQueryHandle with columns (id int64, device string,
//     temp float64) that emits `rowsPerTick` rows every 20 ms until cancelled (streaming) or
//     after one batch when the SQL contains "table(" (bounded);
//   - "SHOW CREATE <kind> <name>" answers one row, column `statement`, "CREATE <kind> <name> (...)".
// No Q_OBJECT: the classes only emit the interfaces' signals, so no moc run is needed.
#include <QJsonArray>
#include <QPointer>
#include <QTimer>
#include "client/WorkspaceClient.h"

namespace tideline::tests {

class FakeQueryHandle : public client::QueryHandle {
public:
    FakeQueryHandle(const QString &sql, int rowsPerTick, QObject *parent)
        : client::QueryHandle(parent), m_sql(sql), m_rowsPerTick(rowsPerTick)
    {
        if (isShowCreate())
            m_columns = {{QStringLiteral("statement"), QStringLiteral("string")}};
        else
            m_columns = {{QStringLiteral("id"), QStringLiteral("int64")},
                         {QStringLiteral("device"), QStringLiteral("string")},
                         {QStringLiteral("temp"), QStringLiteral("float64")}};
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }

    QString id() const override { return m_id; }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return m_running; }
    bool isStreaming() const override { return !m_sql.contains(QLatin1String("table(")) && !isShowCreate(); }
    bool isShowCreate() const { return m_sql.startsWith(QLatin1String("SHOW CREATE"), Qt::CaseInsensitive); }
    QList<client::ColumnInfo> columns() const override { return m_columns; }
    void cancel() override
    {
        if (!m_running && m_started)
            return;
        m_running = false;
        m_timer.stop();
        m_cancelled = true;
        QTimer::singleShot(0, this, [this] {
            Q_EMIT finished(QJsonObject{{QStringLiteral("status"), QStringLiteral("canceled")}});
        });
    }

    void start()
    {
        m_started = true;
        if (m_cancelled) // cancelled before the backend accepted it
            return;
        m_id = QStringLiteral("q-%1").arg(++s_counter);
        m_running = true;
        Q_EMIT started(QJsonObject{{QStringLiteral("id"), m_id}});
        const QString lower = m_sql.trimmed().toLower();
        if (const qsizetype bad = m_sql.indexOf(QLatin1String("bad")); bad >= 0) {
            m_running = false;
            Q_EMIT failed(client::ErrorInfo{400, 62, QStringLiteral("Syntax error: unexpected 'bad'"), int(bad)});
        } else if (lower.startsWith(QLatin1String("create"))) {
            m_running = false;
            Q_EMIT finished(QJsonObject{{QStringLiteral("status"), QStringLiteral("finished")}});
        } else if (isShowCreate()) {
            client::ResultBatch batch(1);
            batch.appendCell(m_sql.mid(5).toUtf8() + " (id int64, device string, temp float64)");
            Q_EMIT rows(batch);
            finish();
        } else if (m_rowsPerTick > 0) {
            m_timer.start();
        }
    }
    // Emits `count` rows now (ids continue from the last batch).
    void pushRows(int count)
    {
        client::ResultBatch batch(3);
        for (int i = 0; i < count; ++i, ++m_next) {
            batch.appendCell(QByteArray::number(m_next));
            batch.appendCell(QByteArray("device-") + QByteArray::number(m_next % 7));
            batch.appendCell(QByteArray::number(20.0 + (m_next % 100) / 10.0));
        }
        Q_EMIT rows(batch);
        Q_EMIT metricsUpdated(client::QueryMetrics{m_next, 1000.0 * m_rowsPerTick / 20, 0, 0, 0, m_next, m_next * 24});
    }
    void finish()
    {
        m_running = false;
        m_timer.stop();
        Q_EMIT finished(QJsonObject{{QStringLiteral("status"), QStringLiteral("finished")}});
    }
    bool wasCancelled() const { return m_cancelled; }

private:
    void tick()
    {
        pushRows(m_rowsPerTick);
        if (!isStreaming())
            finish();
    }

    QString m_sql;
    QString m_id;
    int m_rowsPerTick;
    qint64 m_next = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_started = false;
    QList<client::ColumnInfo> m_columns;
    QTimer m_timer;
    static inline int s_counter = 0;
};

class FakeClient : public client::WorkspaceClient {
public:
    using client::WorkspaceClient::WorkspaceClient;

    QString description() const override { return QStringLiteral("Fake: test workspace"); }
    client::ConnectionState state() const override { return m_state; }
    void open() override
    {
        m_state = client::ConnectionState::Connected;
        Q_EMIT stateChanged(m_state, QString());
    }
    void close() override
    {
        m_state = client::ConnectionState::Disconnected;
        Q_EMIT stateChanged(m_state, QString());
    }

    client::RequestId list(client::Resource r, client::Callback done) override
    {
        QJsonArray items;
        for (const QJsonObject &o : objects.value(int(r)))
            items.append(o);
        return reply(done, {true, items, {}});
    }
    client::RequestId get(client::Resource, const QString &, client::Callback done) override { return reply(done, {true, QJsonObject{}, {}}); }
    client::RequestId create(client::Resource r, const QJsonObject &body, client::Callback done) override
    {
        objects[int(r)].append(body);
        return reply(done, {true, body, {}});
    }
    client::RequestId update(client::Resource, const QString &, const QJsonObject &body, client::Callback done) override { return reply(done, {true, body, {}}); }
    client::RequestId remove(client::Resource r, const QString &key, client::Callback done) override
    {
        QList<QJsonObject> &list = objects[int(r)];
        const QString field = client::resourceKeyField(r);
        list.removeIf([&](const QJsonObject &o) { return o.value(field).toString() == key; });
        removed.append(key);
        return reply(done, {true, {}, {}});
    }
    client::RequestId action(client::Resource, const QString &, const QString &, client::Callback done) override { return reply(done, {true, {}, {}}); }
    client::RequestId stats(client::Resource r, const QString &key, client::Callback done, int historyDays = 0) override
    {
        ++statsRequests;
        lastHistoryDays = historyDays;
        return reply(done, {true, statsFor.value(QString::number(int(r)) + QLatin1Char('/') + key), {}});
    }
    client::RequestId analyze(const QString &, client::Callback done) override { return reply(done, {true, QJsonObject{}, {}}); }
    client::RequestId format(const QString &sql, client::Callback done) override
    {
        // Enough of a formatter to see that the editor takes the answer: one clause per line.
        QString out = sql.simplified();
        out.replace(QLatin1String(" FROM "), QLatin1String("\nFROM ")).replace(QLatin1String(" WHERE "), QLatin1String("\nWHERE "));
        return reply(done, {true, QJsonObject{{QStringLiteral("sql"), out}}, {}});
    }
    client::RequestId ingest(const QString &, client::IngestFormat, const QByteArray &, client::Callback done) override { return reply(done, {true, {}, {}}); }
    client::RequestId topology(client::Callback done) override { return reply(done, {true, QJsonObject{}, {}}); }
    client::RequestId workspaceInfo(client::Callback done) override { return reply(done, {true, QJsonObject{}, {}}); }
    client::RequestId pipeline(const QString &, client::Callback done) override { return reply(done, {true, pipelineAnswer, {}}); }
    client::RequestId preview(client::Resource, const QJsonObject &, client::Callback done) override { return reply(done, {true, previewAnswer, {}}); }
    client::RequestId inferColumns(const QJsonArray &, client::Callback done) override
    {
        return reply(done, {true, QJsonObject{{QStringLiteral("inferred_columns"), inferAnswer}, {QStringLiteral("recommeneded_columns"), inferAnswer}}, {}});
    }

    client::QueryHandle *runQuery(const QString &sql, const client::QueryOptions &, QObject *parent) override
    {
        auto *handle = new FakeQueryHandle(sql, rowsPerTick, parent);
        lastHandle = handle;
        ++queriesRun;
        QTimer::singleShot(0, handle, [handle] { handle->start(); });
        return handle;
    }

    QHash<int, QList<QJsonObject>> objects; // by Resource
    int rowsPerTick = 50;                   // 0: the test pushes rows itself
    QJsonArray previewAnswer, inferAnswer;  // Event[] and ColumnDef[] for preview / inferColumns
    int queriesRun = 0;
    QHash<QString, QJsonObject> statsFor; // "<int(Resource)>/<key>" -> the StreamStats stats() answers
    int statsRequests = 0;
    int lastHistoryDays = -1;
    QStringList removed;                  // keys passed to remove()
    QJsonObject pipelineAnswer;           // what pipeline() answers
    QPointer<FakeQueryHandle> lastHandle;

private:
    client::RequestId reply(client::Callback done, client::Reply r)
    {
        const client::RequestId id = ++m_next;
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return id;
    }

    client::ConnectionState m_state = client::ConnectionState::Disconnected;
    client::RequestId m_next = 0;
};

} // namespace tideline::tests
