#include "models/TabJournal.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace tideline::models {

TabJournal::TabJournal(const QString &path, QObject *parent) : QObject(parent), m_path(path)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(400); // a pause in typing, short enough that a crash loses a few keystrokes at most
    connect(&m_timer, &QTimer::timeout, this, &TabJournal::flush);
}

TabJournal::~TabJournal()
{
    flush();
}

TabJournal::Session TabJournal::load() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    Session session;
    for (const QJsonValue &v : root.value(QStringLiteral("tabs")).toArray()) {
        const QJsonObject o = v.toObject();
        session.tabs << Tab{o.value(QStringLiteral("title")).toString(), o.value(QStringLiteral("sql")).toString()};
    }
    session.current = qBound(0, root.value(QStringLiteral("current")).toInt(), qMax(0, int(session.tabs.size()) - 1));
    return session;
}

void TabJournal::update(const Session &session)
{
    if (session.tabs == m_session.tabs && session.current == m_session.current)
        return;
    m_session = session;
    m_dirty = true;
    m_timer.start(); // restarts: one write after the last change
}

void TabJournal::flush()
{
    m_timer.stop();
    if (!m_dirty)
        return;
    QJsonArray tabs;
    for (const Tab &t : m_session.tabs)
        tabs.append(QJsonObject{{QStringLiteral("title"), t.title}, {QStringLiteral("sql"), t.sql}});
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("current"), m_session.current}, {QStringLiteral("tabs"), tabs}};
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        m_error = file.errorString(); // kept dirty: the next change tries again
        return;
    }
    m_error.clear();
    m_dirty = false;
    Q_EMIT saved();
}

} // namespace tideline::models
