#include "models/HistoryModel.h"
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace tideline::models {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_connectionName(QStringLiteral("tideline-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

HistoryModel::~HistoryModel()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool HistoryModel::open(const QString &path)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        m_error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                               "sql TEXT NOT NULL, connection TEXT, started_at INTEGER, duration_ms INTEGER, "
                               "rows INTEGER, status TEXT, error TEXT)"))) {
        m_error = q.lastError().text();
        return false;
    }
    // Runs still marked running were cut short by a quit or a crash.
    q.exec(QStringLiteral("UPDATE history SET status = 'interrupted' WHERE status = 'running'"));
    reload();
    return true;
}

void HistoryModel::reload()
{
    beginResetModel();
    m_entries.clear();
    if (m_db.isOpen()) {
        QSqlQuery q(m_db);
        QString sql = QStringLiteral("SELECT id, sql, connection, started_at, duration_ms, rows, status, error FROM history");
        if (!m_filter.isEmpty())
            sql += QStringLiteral(" WHERE sql LIKE :f ESCAPE '\\' OR connection LIKE :f ESCAPE '\\' "
                                  "OR error LIKE :f ESCAPE '\\' OR status LIKE :f ESCAPE '\\'");
        sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(m_limit);
        q.prepare(sql);
        if (!m_filter.isEmpty()) {
            QString escaped = m_filter;
            escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%"))
                .replace(QLatin1Char('_'), QStringLiteral("\\_"));
            q.bindValue(QStringLiteral(":f"), QLatin1Char('%') + escaped + QLatin1Char('%'));
        }
        if (q.exec()) {
            while (q.next()) {
                Entry e;
                e.id = q.value(0).toLongLong();
                e.sql = q.value(1).toString();
                e.connection = q.value(2).toString();
                e.startedAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
                e.durationMs = q.value(4).isNull() ? -1 : q.value(4).toLongLong();
                e.rows = q.value(5).toLongLong();
                e.status = q.value(6).toString();
                e.error = q.value(7).toString();
                m_entries.append(e);
            }
        } else {
            m_error = q.lastError().text();
        }
    }
    endResetModel();
}

bool HistoryModel::matches(const Entry &e) const
{
    if (m_filter.isEmpty())
        return true;
    for (const QString *s : {&e.sql, &e.connection, &e.error, &e.status})
        if (s->contains(m_filter, Qt::CaseInsensitive))
            return true;
    return false;
}

qint64 HistoryModel::startRun(const QString &sql, const QString &connection)
{
    Entry e;
    e.sql = sql;
    e.connection = connection;
    e.startedAt = QDateTime::currentDateTimeUtc();
    e.status = QStringLiteral("running");
    if (m_db.isOpen()) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO history (sql, connection, started_at, rows, status) VALUES (?, ?, ?, 0, ?)"));
        q.addBindValue(sql);
        q.addBindValue(connection);
        q.addBindValue(e.startedAt.toMSecsSinceEpoch());
        q.addBindValue(e.status);
        if (q.exec())
            e.id = q.lastInsertId().toLongLong();
    }
    if (e.id == 0) { // no file: keep the run in memory only, with a negative id
        static qint64 s_memoryId = 0;
        e.id = --s_memoryId;
    }
    if (matches(e)) {
        beginInsertRows({}, 0, 0);
        m_entries.prepend(e);
        endInsertRows();
    }
    return e.id;
}

void HistoryModel::finishRun(qint64 id, const QString &status, qint64 rows, qint64 durationMs, const QString &error)
{
    if (m_db.isOpen() && id > 0) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE history SET status = ?, rows = ?, duration_ms = ?, error = ? WHERE id = ?"));
        q.addBindValue(status);
        q.addBindValue(rows);
        q.addBindValue(durationMs);
        q.addBindValue(error);
        q.addBindValue(id);
        q.exec();
    }
    for (int r = 0; r < m_entries.size(); ++r) {
        Entry &e = m_entries[r];
        if (e.id != id)
            continue;
        e.status = status;
        e.rows = rows;
        e.durationMs = durationMs;
        e.error = error;
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
        break;
    }
}

void HistoryModel::setFilter(const QString &text)
{
    if (text.trimmed() == m_filter)
        return;
    m_filter = text.trimmed();
    reload();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries[index.row()];
    if (role == IdRole)
        return e.id;
    if (role == SqlRole)
        return e.sql;
    if (role == Qt::TextAlignmentRole)
        return (index.column() == Duration || index.column() == Rows) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                                                      : int(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (index.column() == Time)
            return e.startedAt.toUTC().toString(Qt::ISODateWithMs);
        if (index.column() == Error || index.column() == Sql)
            return index.column() == Error ? e.error : e.sql;
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return QLocale().toString(e.startedAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Status: return e.status;
    case Duration: return e.durationMs < 0 ? QString() : QStringLiteral("%1 ms").arg(QLocale().toString(e.durationMs));
    case Rows: return QLocale().toString(e.rows);
    case Connection: return e.connection;
    case Sql: return e.sql.simplified();
    case Error: return e.error;
    default: return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Started");
    case Status: return tr("Status");
    case Duration: return tr("Duration");
    case Rows: return tr("Rows");
    case Connection: return tr("Connection");
    case Sql: return tr("SQL");
    case Error: return tr("Error");
    default: return {};
    }
}

} // namespace tideline::models
