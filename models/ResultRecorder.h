#pragma once
// Record-to-file: every result row of a running query goes to a CSV or JSON-lines file, straight
// from the query's batches (not through the ring buffer, so nothing is evicted and the grid's
// capacity does not matter). A RecordWriter on a thread of its own formats and writes each batch
// as it comes, so memory is constant and the GUI thread only forwards shared batches.
// Recording stops when the query ends or on stop(); finished() says when the file is complete.
// GUI thread only.
#include <QObject>
#include <QPointer>
#include <functional>
#include "client/QueryHandle.h"

class QThread;

namespace tideline::models {

class RecordWriter;

class ResultRecorder : public QObject {
    Q_OBJECT
public:
    enum class Format { Csv, JsonLines };

    explicit ResultRecorder(QObject *parent = nullptr);
    ~ResultRecorder() override;

    // Opens `path` (replacing it) and records the rows `handle` delivers from now on. Returns
    // false, with errorString(), when the file cannot be opened or a recording is under way.
    bool start(client::QueryHandle *handle, const QString &path, Format format);
    void stop();
    bool isRecording() const { return m_writer != nullptr; }
    qint64 rowsWritten() const { return m_written; } // confirmed on disk (in the file's buffer)
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    static Format formatForPath(const QString &path); // *.csv → Csv, anything else JSON lines

Q_SIGNALS:
    void recordingChanged(bool recording);
    void progress(qint64 rowsWritten);
    void finished(qint64 rows, const QString &error);

private:
    void post(std::function<void(RecordWriter *)> call);
    void writerClosed(qint64 rows, const QString &error);

    RecordWriter *m_writer = nullptr;  // while recording
    RecordWriter *m_current = nullptr; // the latest writer, until its file is closed (never dereferenced)
    QThread *m_thread = nullptr;
    QPointer<client::QueryHandle> m_handle;
    QString m_path;
    QString m_error;
    qint64 m_written = 0;
    bool m_headerSent = false;
};

} // namespace tideline::models
