#include "models/ResultRecorder.h"
#include <QThread>
#include "models/RecordWriter.h"

namespace tideline::models {

ResultRecorder::ResultRecorder(QObject *parent) : QObject(parent) {}

ResultRecorder::~ResultRecorder()
{
    // The writer finishes the file on its own thread; the thread then deletes itself and the
    // writer, so closing a tab never waits for the disk.
    stop();
}

ResultRecorder::Format ResultRecorder::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? Format::Csv : Format::JsonLines;
}

bool ResultRecorder::start(client::QueryHandle *handle, const QString &path, Format format)
{
    if (isRecording()) {
        m_error = tr("already recording to %1").arg(m_path);
        return false;
    }
    if (!handle) {
        m_error = tr("no query is running");
        return false;
    }
    auto *writer = new RecordWriter(path, format == Format::Csv ? RecordWriter::Format::Csv : RecordWriter::Format::JsonLines);
    if (!writer->open(&m_error)) {
        delete writer;
        return false;
    }
    m_error.clear();
    m_path = path;
    m_written = 0;
    m_headerSent = false;
    m_handle = handle;
    m_writer = writer;
    m_current = writer;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("ResultRecorder"));
    writer->moveToThread(m_thread);
    QThread *thread = m_thread;
    connect(writer, &RecordWriter::closed, thread, &QThread::quit, Qt::DirectConnection);
    connect(thread, &QThread::finished, writer, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    // Reports of an earlier recording still draining are ignored once a new one has started.
    connect(writer, &RecordWriter::written, this, [this, writer](qint64 rows) {
        if (writer != m_current)
            return;
        m_written = rows;
        Q_EMIT progress(rows);
    });
    connect(writer, &RecordWriter::closed, this, [this, writer](qint64 rows, const QString &error) {
        if (writer == m_current)
            writerClosed(rows, error);
    });
    thread->start();

    auto sendHeader = [this, handle] {
        if (m_headerSent || handle->columns().isEmpty())
            return;
        m_headerSent = true;
        const QList<client::ColumnInfo> columns = handle->columns();
        post([columns](RecordWriter *w) { w->setColumns(columns); });
    };
    sendHeader(); // a running query knows its columns; one not yet started tells in started()
    connect(handle, &client::QueryHandle::started, this, sendHeader);
    connect(handle, &client::QueryHandle::rows, this, [this, sendHeader](const client::ResultBatch &batch) {
        sendHeader();
        post([batch](RecordWriter *w) { w->write(batch); });
    });
    connect(handle, &client::QueryHandle::finished, this, &ResultRecorder::stop);
    connect(handle, &client::QueryHandle::failed, this, &ResultRecorder::stop);
    connect(handle, &QObject::destroyed, this, &ResultRecorder::stop);
    Q_EMIT recordingChanged(true);
    return true;
}

void ResultRecorder::post(std::function<void(RecordWriter *)> call)
{
    RecordWriter *writer = m_writer;
    QMetaObject::invokeMethod(writer, [writer, call = std::move(call)] { call(writer); }, Qt::QueuedConnection);
}

void ResultRecorder::stop()
{
    if (!m_writer)
        return;
    if (m_handle)
        disconnect(m_handle, nullptr, this, nullptr);
    m_handle = nullptr;
    // Queued after every batch already posted, so the file ends with the last row received.
    post([](RecordWriter *w) { w->close(); });
    m_writer = nullptr;
    m_thread = nullptr;
    Q_EMIT recordingChanged(false);
}

void ResultRecorder::writerClosed(qint64 rows, const QString &error)
{
    if (m_writer) { // the writer gave up on its own (disk full, ...)
        if (m_handle)
            disconnect(m_handle, nullptr, this, nullptr);
        m_handle = nullptr;
        m_writer = nullptr;
        m_thread = nullptr;
        Q_EMIT recordingChanged(false);
    }
    m_current = nullptr;
    m_written = rows;
    if (!error.isEmpty())
        m_error = error;
    Q_EMIT progress(rows);
    Q_EMIT finished(rows, error);
}

} // namespace tideline::models
