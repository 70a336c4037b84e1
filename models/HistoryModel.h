#pragma once
// Every run the user starts: SQL, connection, start time, duration, rows, status and error,
// newest first. Persisted in a SQLite file (QtSql, its own connection name per model) so the
// history survives restarts; searched with a LIKE over the SQL, the connection and the error.
// The model holds at most `limit` entries in memory. GUI thread only (SQLite writes are a few
// microseconds per run, far below a frame).
#include <QAbstractTableModel>
#include <QDateTime>
#include <QSqlDatabase>

namespace tideline::models {

class HistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Status, Duration, Rows, Connection, Sql, Error, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, SqlRole };
    struct Entry {
        qint64 id = 0;
        QString sql;
        QString connection;
        QDateTime startedAt;
        qint64 durationMs = -1; // -1 while running
        qint64 rows = 0;
        QString status;         // running, finished, canceled, failed
        QString error;
    };

    explicit HistoryModel(QObject *parent = nullptr);
    ~HistoryModel() override;

    // Opens (creating if needed) the history file; false with errorString() otherwise.
    bool open(const QString &path);
    QString errorString() const { return m_error; }
    // A run has started; returns its id for finishRun().
    qint64 startRun(const QString &sql, const QString &connection);
    void finishRun(qint64 id, const QString &status, qint64 rows, qint64 durationMs, const QString &error = {});
    void setFilter(const QString &text);
    QString filter() const { return m_filter; }
    Entry entry(int row) const { return m_entries.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reload();
    bool matches(const Entry &e) const;

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_error;
    QString m_filter;
    QList<Entry> m_entries;
    int m_limit = 5000;
};

} // namespace tideline::models
