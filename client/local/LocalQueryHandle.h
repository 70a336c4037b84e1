#pragma once
// A query of the local backend. Planning runs on the client's pool (never on the caller's
// thread); the query then pulls on its own thread and reports through a LocalQueryChannel, whose
// events this handle emits on its own thread, in order. Deleting the handle cancels the query.
#include <QThreadPool>
#include <memory>
#include "client/DrainPacer.h"
#include "client/QueryHandle.h"

namespace tideline::workspace {
class Workspace;
}

namespace tideline::client {

class LocalQueryChannel;

class LocalQueryHandle final : public QueryHandle {
    Q_OBJECT
public:
    LocalQueryHandle(std::shared_ptr<workspace::Workspace> workspace, const QString &sql, const QueryOptions &options, QObject *parent = nullptr);
    ~LocalQueryHandle() override;

    // Plans and starts the query on `pool`.
    void start(QThreadPool &pool);
    // Fails at once (queued): the client is not connected.
    void failLater(const ErrorInfo &error);

    QString id() const override { return m_id; }
    QString sql() const override { return m_sql; }
    bool isRunning() const override { return m_running; }
    bool isStreaming() const override { return m_streaming; }
    QList<ColumnInfo> columns() const override { return m_columns; }
    void cancel() override;

private:
    void drain();

    std::shared_ptr<workspace::Workspace> m_workspace; // the query's engine lives as long as it
    std::shared_ptr<LocalQueryChannel> m_channel;
    DrainPacer m_pacer{this, [this] { drain(); }};
    QString m_sql;
    QueryOptions m_options;
    QString m_id;
    QList<ColumnInfo> m_columns;
    bool m_running = true;
    bool m_streaming = false;
};

} // namespace tideline::client
