#pragma once
// The file end of ResultRecorder: lives on the recorder's own thread, so formatting and disk
// writes of a fast query never take GUI-thread time. Each batch is formatted and written as it
// arrives (one QByteArray per batch, reused), so memory stays constant however long the query.
#include <QObject>
#include <vector>
#include "client/QueryHandle.h"

class QFile;

namespace tideline::models {

class RecordWriter : public QObject {
    Q_OBJECT
public:
    enum class Format { Csv, JsonLines };

    RecordWriter(const QString &path, Format format);
    // Called on the creating thread before the writer moves to its thread: a bad path is
    // reported at once, where the user asked to record.
    bool open(QString *error);

    // Called on the writer's thread (queued by ResultRecorder).
    void setColumns(const QList<client::ColumnInfo> &columns);
    void write(const client::ResultBatch &batch);
    void close();

Q_SIGNALS:
    void written(qint64 rows);
    void closed(qint64 rows, const QString &error);

private:
    QFile *m_file;
    Format m_format;
    QList<QByteArray> m_keys;
    std::vector<bool> m_numeric;
    QByteArray m_buffer;
    qint64 m_rows = 0;
    QString m_error;
    bool m_closed = false;
};

} // namespace tideline::models
