#pragma once
// The editor tabs' text, journalled so that nothing typed is lost to a crash or a quit: every
// change schedules a save (debounced, so typing costs one small write per pause), written
// atomically with QSaveFile (a crash mid-write leaves the previous journal whole). The last
// state is also written when the journal is destroyed (a clean quit). load() gives the tabs
// back at start. GUI thread only.
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace tideline::models {

class TabJournal : public QObject {
    Q_OBJECT
public:
    struct Tab {
        QString title;
        QString sql;
        bool operator==(const Tab &) const = default;
    };
    struct Session {
        QList<Tab> tabs;
        int current = 0;
    };

    explicit TabJournal(const QString &path, QObject *parent = nullptr);
    ~TabJournal() override;

    QString path() const { return m_path; }
    Session load() const;
    // The tabs as they are now; written after `debounceMs` without a further change.
    void update(const Session &session);
    void flush();
    bool isDirty() const { return m_dirty; }
    void setDebounceMs(int ms) { m_timer.setInterval(ms); }
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void saved();

private:
    QString m_path;
    Session m_session;
    QTimer m_timer;
    bool m_dirty = false;
    QString m_error;
};

} // namespace tideline::models
